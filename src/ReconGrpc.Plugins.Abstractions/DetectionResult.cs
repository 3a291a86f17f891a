namespace ReconGrpc.Plugins.Abstractions;

/// <summary>How sure an adapter is that it can read a file, and why.</summary>
/// <remarks>
/// Confidence guide: 0 — cannot read it; up to 0.3 — a generic reader that could try; 0.5 — the layout fits;
/// 0.8 and above — markers only this format carries were found. The host ranks adapters by confidence.
/// </remarks>
public sealed record DetectionResult
{
    /// <summary>Creates a detection result.</summary>
    /// <param name="confidence">From 0 (cannot read the file) to 1 (certain).</param>
    /// <param name="reason">What the adapter saw, for the user choosing an adapter.</param>
    /// <exception cref="ArgumentOutOfRangeException">The confidence is outside 0..1 or not a number.</exception>
    public DetectionResult(double confidence, string reason)
    {
        if (double.IsNaN(confidence) || confidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence runs from 0 to 1.");
        }

        Confidence = confidence;
        Reason = Guard.Required(reason, nameof(reason));
    }

    /// <summary>From 0 (cannot read the file) to 1 (certain).</summary>
    public double Confidence { get; }

    /// <summary>What the adapter saw, for the user choosing an adapter.</summary>
    public string Reason { get; }

    /// <summary>The kind of records the file would give, when the adapter can tell; <see cref="RecordKind.None"/> otherwise.</summary>
    public RecordKind Kind { get; init; }

    /// <summary>A result saying the adapter cannot read the file.</summary>
    /// <param name="reason">Why not.</param>
    /// <returns>A result with confidence 0.</returns>
    public static DetectionResult No(string reason) => new(0, reason);
}
