namespace ReconGrpc.Plugins.Abstractions;

/// <summary>The kinds of record an adapter can produce; combine them to say what an adapter reads.</summary>
[Flags]
public enum RecordKind
{
    /// <summary>No kind: in <see cref="ImportContext.ExpectedKind"/>, the adapter decides from the file.</summary>
    None = 0,

    /// <summary>客户分类 — customer categories (<see cref="CategoryRecord"/>).</summary>
    Categories = 1,

    /// <summary>客户档案 — customer archive entries (<see cref="CustomerRecord"/>).</summary>
    Customers = 2,

    /// <summary>账目记录 — entries of our own receivable ledger (<see cref="LedgerEntryRecord"/>).</summary>
    LedgerEntries = 4,

    /// <summary>对账单明细 — lines of a counterparty's statement, bank file or bill (<see cref="StatementLineRecord"/>).</summary>
    StatementLines = 8,

    /// <summary>订单 — shop or platform orders (<see cref="OrderRecord"/>).</summary>
    Orders = 16,
}
