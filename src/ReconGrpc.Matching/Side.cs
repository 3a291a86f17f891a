namespace ReconGrpc.Matching;

/// <summary>Which side of a reconciliation an item belongs to.</summary>
public enum Side
{
    /// <summary>我方 — our own books (the receivable ledger entries in scope).</summary>
    Ours = 0,

    /// <summary>对方 — what the other side says: a customer's statement, a bank file, a platform bill.</summary>
    Theirs = 1,
}
