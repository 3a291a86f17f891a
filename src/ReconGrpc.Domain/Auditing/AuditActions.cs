using System.Reflection;

namespace ReconGrpc.Domain.Auditing;

/// <summary>
/// Every action an audit entry can name, grouped by the kind of thing changed. The strings are stored in each entry
/// and covered by its hash, so a value here never changes once written; a new kind of change gets a new action.
/// </summary>
public static class AuditActions
{
    /// <summary>API keys (entity type <c>apikey</c>).</summary>
    public static class ApiKey
    {
        /// <summary>A key was created, by an admin or, once, by the server from the bootstrap setting.</summary>
        public const string Create = "apikey.create";

        /// <summary>A key was revoked.</summary>
        public const string Revoke = "apikey.revoke";
    }

    /// <summary>The customer coding scheme (entity type <c>coding_scheme</c>).</summary>
    public static class CodingScheme
    {
        /// <summary>The scheme's pattern was set.</summary>
        public const string Set = "scheme.set";
    }

    /// <summary>Customer categories (entity type <c>category</c>).</summary>
    public static class Category
    {
        /// <summary>A category was created, by hand or by an import.</summary>
        public const string Create = "category.create";

        /// <summary>A category changed.</summary>
        public const string Update = "category.update";

        /// <summary>A category was deleted.</summary>
        public const string Delete = "category.delete";
    }

    /// <summary>Analysis dimensions (entity type <c>dimension</c>).</summary>
    public static class Dimension
    {
        /// <summary>A dimension was created.</summary>
        public const string Create = "dimension.create";

        /// <summary>A dimension changed.</summary>
        public const string Update = "dimension.update";
    }

    /// <summary>Customers (entity type <c>customer</c>).</summary>
    public static class Customer
    {
        /// <summary>A customer was created, by hand or by an import.</summary>
        public const string Create = "customer.create";

        /// <summary>A customer's fields changed.</summary>
        public const string Update = "customer.update";

        /// <summary>A customer was deleted.</summary>
        public const string Delete = "customer.delete";

        /// <summary>A customer moved to another category from an effective date, with a reason.</summary>
        public const string Reclassify = "customer.reclassify";

        /// <summary>A customer's dimension values were set.</summary>
        public const string Dimensions = "customer.dimensions";
    }

    /// <summary>Ledger entries posted one by one (entity type <c>ledger_entry</c>); imported ones are vouched for by <see cref="Import.Commit"/>.</summary>
    public static class Ledger
    {
        /// <summary>An entry was posted by hand, or as the adjustment of a manual match.</summary>
        public const string Post = "ledger.post";

        /// <summary>A reversing entry offset the adjustment of a manual match that was undone.</summary>
        public const string Reverse = "ledger.reverse";
    }

    /// <summary>Statements of the other side (entity type <c>statement</c>).</summary>
    public static class Statement
    {
        /// <summary>A statement was made by an import of its lines.</summary>
        public const string Create = "statement.create";

        /// <summary>A statement and its lines were deleted.</summary>
        public const string Delete = "statement.delete";

        /// <summary>
        /// A statement of account (对账单) was sent to the customer: exported for it, or recorded as sent another way
        /// (entity type <c>statement_sending</c>).
        /// </summary>
        public const string Sent = "statement.sent";

        /// <summary>The customer's reply to a statement of account: agrees, or disagrees with differences (entity type <c>statement_reply</c>).</summary>
        public const string Reply = "statement.reply";
    }

    /// <summary>Bank lines and the payers behind them.</summary>
    public static class Bank
    {
        /// <summary>A person assigned a bank line to a customer (entity type <c>statement_line</c>).</summary>
        public const string Assign = "bank_line.assign";

        /// <summary>A payer's name or account was linked to a customer (entity type <c>counterparty_alias</c>).</summary>
        public const string AliasCreate = "alias.create";

        /// <summary>A payer's name or account was unlinked from its customer (entity type <c>counterparty_alias</c>).</summary>
        public const string AliasDelete = "alias.delete";
    }

    /// <summary>Three-way runs of a shop's orders, its platform's bill and our bank statement.</summary>
    public static class Settlement
    {
        /// <summary>A three-way run was started (entity type <c>settlement_run</c>): its statements, period and platform.</summary>
        public const string Start = "settlement_run.start";

        /// <summary>A three-way run's fees were booked to the ledger (entity type <c>settlement_run</c>; the entries as <c>ledger.post</c>).</summary>
        public const string BookFees = "settlement_run.book_fees";
    }

    /// <summary>Reminders of overdue items (催款函) sent to customers (entity type <c>customer</c>).</summary>
    public static class Reminder
    {
        /// <summary>A reminder was exported for the customer: the date, the overdue total, the format and the file name.</summary>
        public const string Sent = "reminder.sent";
    }

    /// <summary>Import batches (entity type <c>import_batch</c>).</summary>
    public static class Import
    {
        /// <summary>A batch was committed, with its counts and a digest of its ledger entries.</summary>
        public const string Commit = "import.commit";

        /// <summary>Strict mode refused a batch: its record and errors are kept, none of its rows.</summary>
        public const string Refused = "import.refused";
    }

    /// <summary>Matching rule sets (entity type <c>rule_set</c>).</summary>
    public static class RuleSet
    {
        /// <summary>A rule set's first version was stored, by a person or, for the built-in default, by the server.</summary>
        public const string Create = "ruleset.create";

        /// <summary>A rule set got a new version.</summary>
        public const string Update = "ruleset.update";
    }

    /// <summary>Write-off models (核销模板, entity type <c>write_off_model</c>); what a write-off posts is logged as <see cref="Ledger.Post"/>.</summary>
    public static class WriteOff
    {
        /// <summary>A write-off model was created.</summary>
        public const string Create = "writeoff.create";

        /// <summary>A write-off model changed (a new version).</summary>
        public const string Update = "writeoff.update";

        /// <summary>A write-off model was deleted; matches that used it keep its name and their entries.</summary>
        public const string Delete = "writeoff.delete";
    }

    /// <summary>Reconciliation runs (entity type <c>recon_run</c>).</summary>
    public static class Run
    {
        /// <summary>A run was started.</summary>
        public const string Start = "run.start";

        /// <summary>An interrupted, failed or cancelled run was started again.</summary>
        public const string Restart = "run.restart";

        /// <summary>A run was cancelled.</summary>
        public const string Cancel = "run.cancel";

        /// <summary>A run an instance left unfinished (stopped or killed) was taken over by another and started from the beginning.</summary>
        public const string TakeOver = "run.take_over";
    }

    /// <summary>A run's matches (entity type <c>recon_match</c>, except <see cref="ConfirmCarried"/>).</summary>
    public static class Match
    {
        /// <summary>A person confirmed a proposed match.</summary>
        public const string Confirm = "match.confirm";

        /// <summary>A finished run kept confirmations people made in earlier runs (entity type <c>recon_run</c>).</summary>
        public const string ConfirmCarried = "match.confirm_carried";

        /// <summary>A person rejected a proposed match, releasing its items as exceptions.</summary>
        public const string Reject = "match.reject";

        /// <summary>A person matched items by hand.</summary>
        public const string Manual = "match.manual";

        /// <summary>A person undid a match, releasing its items as exceptions.</summary>
        public const string Unmatch = "match.unmatch";
    }

    /// <summary>Customer period records (entity type <c>customer_period</c>).</summary>
    public static class Period
    {
        /// <summary>A customer confirmed their balance for a period.</summary>
        public const string Confirm = "period.confirm";

        /// <summary>A period was locked against changes.</summary>
        public const string Lock = "period.lock";

        /// <summary>A period lock was lifted, with a reason.</summary>
        public const string Unlock = "period.unlock";
    }

    /// <summary>Exchange rates into the base currency (汇率, entity type <c>exchange_rate</c>, keyed by currency and date).</summary>
    public static class ExchangeRate
    {
        /// <summary>A rate was recorded for a currency and date, or replaced the rate recorded for them.</summary>
        public const string Set = "exchange_rate.set";
    }

    /// <summary>The database as a whole (entity type <c>database</c>).</summary>
    public static class Database
    {
        /// <summary>A backup copy was taken.</summary>
        public const string Backup = "database.backup";

        /// <summary>The database was replaced by a backup.</summary>
        public const string Restore = "database.restore";
    }

    /// <summary>Every action above, read from the catalogue itself so a new one cannot be left out.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. typeof(AuditActions).GetNestedTypes(BindingFlags.Public)
            .SelectMany(group => group.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!),
    ];
}
