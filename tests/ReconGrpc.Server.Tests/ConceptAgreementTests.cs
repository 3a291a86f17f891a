using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Imports;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;
using ReconGrpc.Server.Mapping;
using Sdk = ReconGrpc.Plugins.Abstractions;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Each concept has one definition; the contracts (the plugin SDK, the wire) keep copies of their own. Every copy
/// maps to its definition member for member, under the same name, and the stored names never change.
/// </summary>
public sealed partial class ConceptAgreementTests
{
    [Fact]
    public void Every_sdk_document_type_maps_to_the_domains_type_of_the_same_name_and_every_domain_type_is_reached()
    {
        var mapped = Enum.GetValues<Sdk.DocumentType>().Select(t => (Sdk: t, Domain: t.ToDomain())).ToList();

        Assert.All(mapped, m => Assert.Equal((m.Sdk.ToString(), (int)m.Sdk), (m.Domain.ToString(), (int)m.Domain)));
        Assert.Equal(Enum.GetValues<DocumentType>().Order(), mapped.Select(m => m.Domain).Order());
    }

    [Fact]
    public void Every_sdk_amount_convention_maps_to_the_engines_sign_convention_of_the_same_name_and_every_convention_is_reached()
    {
        var mapped = Enum.GetValues<Sdk.AmountConvention>().Select(c => (Sdk: c, Engine: c.ToSignConvention())).ToList();

        Assert.All(mapped, m => Assert.Equal((m.Sdk.ToString(), (int)m.Sdk), (m.Engine.ToString(), (int)m.Engine)));
        Assert.Equal(Enum.GetValues<SignConvention>().Order(), mapped.Select(m => m.Engine).Order());
    }

    [Fact]
    public void Every_sdk_line_purpose_maps_to_the_engines_purpose_of_the_same_name_and_every_purpose_is_reached()
    {
        var mapped = Enum.GetValues<Sdk.LinePurpose>().Select(p => (Sdk: p, Engine: p.ToDomain())).ToList();

        Assert.All(mapped, m => Assert.Equal((m.Sdk.ToString(), (int)m.Sdk), (m.Engine.ToString(), (int)m.Engine)));
        Assert.Equal(Enum.GetValues<LinePurpose>().Order(), mapped.Select(m => m.Engine).Order());
    }

    [Fact]
    public void Every_line_purpose_goes_to_the_wire_under_its_own_name()
    {
        var wire = Enum.GetValues<LinePurpose>().Select(p => (Purpose: p, Wire: ((LinePurpose?)p).ToProto())).ToList();

        Assert.All(wire, w => Assert.Equal("LINE_PURPOSE_" + UpperSnake(w.Purpose.ToString()), WireName(w.Wire)));
        Assert.Equal(Enum.GetValues<V1.LinePurpose>().Where(w => w != V1.LinePurpose.Unspecified).Order(), wire.Select(w => w.Wire).Order());
        Assert.Equal(V1.LinePurpose.Unspecified, ((LinePurpose?)null).ToProto());
    }

    [Fact]
    public void Every_settlement_outcome_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<ReconGrpc.Matching.Settlement.SettlementOutcome>(), o => o.ToProto(), o => o.ToDomain()!.Value, "SETTLEMENT_OUTCOME_");

    [Fact]
    public void Every_settlement_subject_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<ReconGrpc.Matching.Settlement.SettlementSubject>(), s => s.ToProto(), s => s.ToDomain()!.Value, "SETTLEMENT_SUBJECT_");

    [Fact]
    public void Every_document_type_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<DocumentType>(), t => t.ToProto(), t => t.ToDomain(), "DOCUMENT_TYPE_");

    [Fact]
    public void Every_side_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<Side>(), s => s.ToProto(), s => s.ToDomain()!.Value, "SIDE_");

    [Fact]
    public void Every_exception_reason_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<ExceptionReason>(), r => r.ToProto(), r => r.ToDomain(), "EXCEPTION_REASON_");

    [Fact]
    public void Every_run_status_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<RunStatus>(), s => s.ToProto(), s => s.ToDomain()!.Value, "RUN_STATUS_");

    [Fact]
    public void Every_match_status_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<MatchStatus>(), s => s.ToProto(), s => s.ToDomain(), "MATCH_STATUS_");

    [Fact]
    public void Every_statement_kind_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<StatementKind>(), k => k.ToProto(), k => k.ToDomain()!.Value, "STATEMENT_KIND_");

    [Fact]
    public void Every_credit_alert_kind_goes_to_the_wire_under_its_own_name_and_comes_back_unchanged() =>
        AssertWireCopy(Enum.GetValues<Application.Queries.CreditAlertKind>(), k => k.ToProto(), k => k.ToDomain(), "CREDIT_ALERT_KIND_");

    [Fact]
    public void Every_record_kind_goes_to_the_wire_under_its_own_name() =>
        Assert.All(Enum.GetValues<RecordKind>(), k => Assert.Equal("RECORD_KIND_" + UpperSnake(k.ToString()), WireName(k.ToProto())));

    [Fact]
    public void Every_counterparty_resolution_goes_to_the_wire_under_its_own_name_and_none_as_unspecified() =>
        Assert.All(Enum.GetValues<CounterpartyResolution>(), r => Assert.Equal(
            r == CounterpartyResolution.None ? "COUNTERPARTY_RESOLUTION_UNSPECIFIED" : "COUNTERPARTY_RESOLUTION_" + UpperSnake(r.ToString()), WireName(r.ToProto())));

    [Fact]
    public void An_unspecified_side_on_the_wire_asks_for_no_side_and_an_unknown_one_is_refused()
    {
        Assert.Null(V1.Side.Unspecified.ToDomain());
        Assert.Equal("exception.side", Assert.Throws<Domain.RuleViolation>(() => ((V1.Side)7).ToDomain()).Rule);
    }

    [Fact]
    public void Every_document_type_is_a_document_kind_the_engine_knows_and_no_two_share_one()
    {
        var kinds = Enum.GetValues<DocumentType>().Select(t => t.ToEngine()).ToList();

        Assert.DoesNotContain(DocumentKind.Unknown, kinds);
        Assert.Equal(kinds.Count, kinds.Distinct().Count());
    }

    [Fact]
    public async Task Exception_reasons_and_sides_are_stored_by_their_names_and_read_back_unchanged()
    {
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        await using var database = await SqliteTestDatabase.CreateAsync("concepts", now, "C1");
        long runId;
        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            var run = ReconciliationRun.Create("C1", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), [1], "default", 1, null, "tester", now);
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
            var sequence = 0;
            foreach (var reason in Enum.GetValues<ExceptionReason>())
            {
                db.RunExceptions.Add(RunException.Create(runId, sequence++, reason, Side.Ours, 1, Side.Theirs, 2, null, ""));
                db.RunExceptions.Add(RunException.Create(runId, sequence++, reason, Side.Theirs, 2, null, null, null, ""));
            }

            await db.SaveChangesAsync();
        }

        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            var stored = await db.Database.SqlQueryRaw<StoredException>(
                    "SELECT \"Sequence\", \"Reason\", \"Side\", \"CounterpartSide\" FROM recon_exception WHERE \"RunId\" = {0} ORDER BY \"Sequence\"", runId)
                .ToListAsync();
            // The stored values, pinned: a rename of a member of the engine's types would strand every stored run.
            string[] reasons = ["MissingOnTheirSide", "MissingOnOurSide", "AmountDiffers", "DateOutsideWindow", "Duplicate", "CurrencyMismatch"];
            var expected = reasons.SelectMany((r, i) => new[]
            {
                new StoredException(2 * i, r, "Ours", "Theirs"),
                new StoredException(2 * i + 1, r, "Theirs", null),
            });
            Assert.Equal(expected, stored);

            var read = await db.RunExceptions.Where(e => e.RunId == runId).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(
                Enum.GetValues<ExceptionReason>().SelectMany(r => new (ExceptionReason, Side, Side?)[] { (r, Side.Ours, Side.Theirs), (r, Side.Theirs, null) }),
                read.Select(e => (e.Reason, e.Side, e.CounterpartSide)));
        }
    }

    [Fact]
    public async Task Document_types_are_stored_by_their_names()
    {
        await using var database = await SqliteTestDatabase.CreateAsync("concept-types", DateTimeOffset.UnixEpoch);
        await using var db = await database.Contexts.CreateDbContextAsync();
        string[] names = ["SalesInvoice", "Return", "Exchange", "Receipt", "CreditNote", "Adjustment", "OpeningBalance"];

        foreach (var entity in new[] { typeof(LedgerEntry), typeof(StatementLine) })
        {
            var converter = db.Model.FindEntityType(entity)!.FindProperty(nameof(LedgerEntry.DocumentType))!.GetTypeMapping().Converter!;
            Assert.Equal(names, Enum.GetValues<DocumentType>().Select(t => converter.ConvertToProvider(t)));
        }
    }

    private sealed record StoredException(int Sequence, string Reason, string Side, string? CounterpartSide);

    /// <summary>
    /// The wire's copy of a type: every member maps to the value named PREFIX_NAME (the name in upper snake case)
    /// and back to itself, and every wire value but the unspecified one is reached.
    /// </summary>
    private static void AssertWireCopy<TDomain, TWire>(TDomain[] members, Func<TDomain, TWire> toWire, Func<TWire, TDomain> fromWire, string prefix)
        where TDomain : struct, Enum
        where TWire : struct, Enum
    {
        var wire = members.Select(toWire).ToList();

        Assert.All(members.Zip(wire), p => Assert.Equal(prefix + UpperSnake(p.First.ToString()), WireName(p.Second)));
        Assert.Equal(members, wire.Select(fromWire));
        Assert.Equal(Enum.GetValues<TWire>().Where(w => Convert.ToInt32(w, System.Globalization.CultureInfo.InvariantCulture) != 0).Order(), wire.Order());
    }

    private static string WireName<TWire>(TWire value) where TWire : struct, Enum =>
        typeof(TWire).GetField(value.ToString())!.GetCustomAttribute<OriginalNameAttribute>()!.Name;

    private static string UpperSnake(string name) => WordStart().Replace(name, "_$1").ToUpperInvariant();

    [GeneratedRegex("(?<=.)([A-Z])")]
    private static partial Regex WordStart();
}
