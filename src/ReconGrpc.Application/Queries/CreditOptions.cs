using ReconGrpc.Domain;

namespace ReconGrpc.Application.Queries;

/// <summary>What a posting that takes a customer over its credit limit does.</summary>
public enum CreditPolicy
{
    /// <summary>The entry is stored and the response carries the alert.</summary>
    Warn,
    /// <summary>A manual posting is refused (FAILED_PRECONDITION) and nothing is stored; imports still import and report.</summary>
    Refuse,
}

/// <summary>The <c>Credit</c> section: credit control (信用控制).</summary>
public sealed class CreditOptions
{
    /// <summary>The share of the limit, in percent, at or above which a balance is near it.</summary>
    public decimal NearLimitPercent { get; set; } = 90m;

    public CreditPolicy Policy { get; set; } = CreditPolicy.Warn;

    /// <summary>Refuses a setting that would make every alert meaningless, at start-up.</summary>
    public CreditOptions Validated()
    {
        if (NearLimitPercent is <= 0 or > 100)
        {
            throw RuleViolation.Invalid("credit.near_limit_percent", $"Credit:NearLimitPercent is a percentage above 0 and at most 100; {NearLimitPercent} is set.");
        }

        return this;
    }
}
