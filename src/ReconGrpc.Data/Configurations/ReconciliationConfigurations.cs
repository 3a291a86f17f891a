using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Data.Configurations;

internal sealed class StoredRuleSetConfiguration : IEntityTypeConfiguration<StoredRuleSet>
{
    public void Configure(EntityTypeBuilder<StoredRuleSet> builder)
    {
        builder.ToTable("rule_set");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(StoredRuleSet.MaxNameLength).IsRequired();
        builder.HasIndex(r => new { r.Name, r.Version }).IsUnique();
        builder.Property(r => r.RulesJson).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(StoredRuleSet.MaxDescriptionLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(40).IsRequired();
    }
}

internal sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        builder.ToTable("recon_run");
        builder.HasKey(r => r.Id);
        builder.Ignore(r => r.StatementIdList);
        builder.Ignore(r => r.IsFinished);
        builder.Ignore(r => r.WarningList);
        builder.Property(r => r.Warnings).HasMaxLength(ReconciliationRun.MaxWarningsLength);
        builder.Property(r => r.CustomerCode).HasMaxLength(Customer.MaxCodeLength);
        builder.Property(r => r.CategoryCode).HasMaxLength(Domain.Categories.CodingScheme.MaxLevels * Domain.Categories.CodingScheme.MaxSegmentLength);
        builder.Property(r => r.StatementIds).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.RuleSetName).HasMaxLength(StoredRuleSet.MaxNameLength).IsRequired();
        builder.Property(r => r.TheirClosingBalance).HasPrecision(19, 4);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.Property(r => r.StartedBy).HasMaxLength(40).IsRequired();
        builder.HasIndex(r => new { r.CustomerCode, r.Id });
        builder.HasIndex(r => r.Status);
    }
}

internal sealed class RunMatchConfiguration : IEntityTypeConfiguration<RunMatch>
{
    public void Configure(EntityTypeBuilder<RunMatch> builder)
    {
        builder.ToTable("recon_match");
        builder.HasKey(m => new { m.RunId, m.Sequence });
        builder.HasOne<ReconciliationRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.Stands);
        builder.Ignore(m => m.AdjustmentStands);
        builder.Ignore(m => m.OurIdList);
        builder.Ignore(m => m.TheirIdList);
        builder.Property(m => m.Sequence).ValueGeneratedNever();
        builder.Property(m => m.RuleName).HasMaxLength(StoredRuleSet.MaxNameLength).IsRequired();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.OurIds).IsRequired();
        builder.Property(m => m.TheirIds).IsRequired();
        builder.Property(m => m.Currency).HasMaxLength(3).IsRequired();
        builder.Property(m => m.OurAmount).HasPrecision(19, 4);
        builder.Property(m => m.TheirAmount).HasPrecision(19, 4);
        builder.Property(m => m.Difference).HasPrecision(19, 4);
        builder.Ignore(m => m.IsAcrossCurrencies);
        builder.Property(m => m.ReasonCode).HasMaxLength(Matching.MatchRule.ReasonCodeMaxLength);
        builder.Property(m => m.SuggestedWriteOff).HasMaxLength(Matching.MatchRule.WriteOffMaxLength);
        builder.Property(m => m.TheirCurrency).HasMaxLength(3);
        builder.Property(m => m.ExchangeDifference).HasPrecision(19, 4);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(m => m.AdjustmentEntryId).OnDelete(DeleteBehavior.Restrict);
        // Only manual matches post adjustments: indexing the engine's matches too meant one more index insert for
        // every stored match, all of them NULL. (Quoted identifiers: SQL Server creates filtered indexes only with
        // QUOTED_IDENTIFIER on, so this filter reads the same on all three providers.)
        builder.HasIndex(m => m.AdjustmentEntryId).HasFilter("\"AdjustmentEntryId\" IS NOT NULL");
        // The entry that reversed the adjustment of an undone manual match: as rare, filtered alike.
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(m => m.ReversalEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.ReversalEntryId).HasFilter("\"ReversalEntryId\" IS NOT NULL");
        // The matches people decided on, which a new run reads to carry confirmations over: a few among millions, and
        // the engine's own matches (undecided) cost this index nothing when stored.
        builder.HasIndex(m => m.RunId).HasDatabaseName("IX_recon_match_Decided").HasFilter("\"DecidedAt\" IS NOT NULL");
        // A write-off by a model names it and, with VAT, the tax share's entry and its reversal: rare as adjustments, filtered alike.
        builder.Property(m => m.WriteOffModel).HasMaxLength(WriteOffModel.MaxNameLength);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(m => m.TaxEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.TaxEntryId).HasFilter("\"TaxEntryId\" IS NOT NULL");
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(m => m.TaxReversalEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.TaxReversalEntryId).HasFilter("\"TaxReversalEntryId\" IS NOT NULL");
        builder.Property(m => m.DecidedBy).HasMaxLength(40);
        builder.Property(m => m.DecidedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.Property(m => m.Note).HasMaxLength(RunMatch.MaxNoteLength);
        builder.Property(m => m.Why).HasMaxLength(RunMatch.MaxNoteLength);
    }
}

internal sealed class RunExceptionConfiguration : IEntityTypeConfiguration<RunException>
{
    public void Configure(EntityTypeBuilder<RunException> builder)
    {
        builder.ToTable("recon_exception");
        builder.HasKey(e => new { e.RunId, e.Sequence });
        builder.HasOne<ReconciliationRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(e => e.IsOpen);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Side).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.CounterpartSide).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Difference).HasPrecision(19, 4);
        builder.Property(e => e.Explanation).HasMaxLength(1000).IsRequired();
        // Manual matching looks items up among a run's open exceptions.
        builder.HasIndex(e => new { e.RunId, e.Side, e.ItemId });
    }
}

internal sealed class CarriedOpeningConfiguration : IEntityTypeConfiguration<CarriedOpening>
{
    public void Configure(EntityTypeBuilder<CarriedOpening> builder)
    {
        builder.ToTable("recon_carried_opening");
        builder.HasKey(o => o.Id);
        builder.HasOne<ReconciliationRun>().WithMany().HasForeignKey(o => o.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(o => o.ItemId);
        builder.Ignore(o => o.Memo);
        builder.Property(o => o.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.Property(o => o.Currency).HasMaxLength(3).IsRequired();
        builder.Property(o => o.Amount).HasPrecision(19, 4);
        builder.HasIndex(o => o.RunId);
    }
}

internal sealed class PeriodRecordConfiguration : IEntityTypeConfiguration<PeriodRecord>
{
    public void Configure(EntityTypeBuilder<PeriodRecord> builder)
    {
        builder.ToTable("customer_period");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.HasOne<Customer>().WithMany().HasPrincipalKey(c => c.Code).HasForeignKey(p => p.CustomerCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.ConfirmedBy).HasMaxLength(PeriodRecord.MaxTextLength);
        builder.Property(p => p.RecordedBy).HasMaxLength(40).IsRequired();
        builder.Property(p => p.RecordedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.Property(p => p.Note).HasMaxLength(PeriodRecord.MaxTextLength);
        builder.Property(p => p.ConfirmedBalance).HasPrecision(19, 4);
        builder.Property(p => p.UnlockedBy).HasMaxLength(40);
        builder.Property(p => p.UnlockedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.Property(p => p.UnlockReason).HasMaxLength(PeriodRecord.MaxTextLength);
        builder.Ignore(p => p.HoldsLock);
        builder.HasIndex(p => new { p.CustomerCode, p.StartDate });
    }
}

internal sealed class StatementReplyConfiguration : IEntityTypeConfiguration<StatementReply>
{
    public void Configure(EntityTypeBuilder<StatementReply> builder)
    {
        builder.ToTable("statement_reply");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.HasOne<Customer>().WithMany().HasPrincipalKey(c => c.Code).HasForeignKey(r => r.CustomerCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.DifferenceTotal).HasPrecision(19, 4);
        builder.Property(r => r.Balance).HasPrecision(19, 4);
        builder.Property(r => r.RepliedBy).HasMaxLength(StatementReply.MaxTextLength).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(StatementReply.MaxTextLength);
        builder.Property(r => r.RecordedBy).HasMaxLength(40).IsRequired();
        builder.Property(r => r.RecordedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.HasOne<PeriodRecord>().WithMany().HasForeignKey(r => r.ConfirmationId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(r => r.Differences, d =>
        {
            d.ToTable("statement_reply_difference");
            d.WithOwner().HasForeignKey("ReplyId");
            d.Property(x => x.Position).ValueGeneratedNever();
            d.HasKey("ReplyId", nameof(StatementDifference.Position));
            d.Property(x => x.Description).HasMaxLength(StatementReply.MaxTextLength).IsRequired();
            d.Property(x => x.Amount).HasPrecision(19, 4);
            d.Property(x => x.DocumentNumber).HasMaxLength(StatementDifference.MaxDocumentNumberLength);
        });
        builder.Navigation(r => r.Differences).UsePropertyAccessMode(PropertyAccessMode.Field);
        // The board reads the latest reply of each customer for a period: by customer, then period, then id.
        builder.HasIndex(r => new { r.CustomerCode, r.StartDate, r.EndDate });
    }
}

internal sealed class StatementSendingConfiguration : IEntityTypeConfiguration<StatementSending>
{
    public void Configure(EntityTypeBuilder<StatementSending> builder)
    {
        builder.ToTable("statement_sending");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.HasOne<Customer>().WithMany().HasPrincipalKey(c => c.Code).HasForeignKey(s => s.CustomerCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Format).HasMaxLength(StatementSending.MaxFormatLength).IsRequired();
        builder.Property(s => s.FileName).HasMaxLength(StatementReply.MaxTextLength);
        builder.Property(s => s.SentBy).HasMaxLength(40).IsRequired();
        builder.Property(s => s.SentFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.HasIndex(s => new { s.CustomerCode, s.StartDate, s.EndDate });
    }
}

internal sealed class WriteOffModelConfiguration : IEntityTypeConfiguration<WriteOffModel>
{
    public void Configure(EntityTypeBuilder<WriteOffModel> builder)
    {
        builder.ToTable("write_off_model");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(WriteOffModel.MaxNameLength).IsRequired();
        builder.HasIndex(w => w.Name).IsUnique();
        builder.Property(w => w.Account).HasMaxLength(WriteOffModel.MaxAccountLength).IsRequired();
        builder.Property(w => w.ReasonCode).HasMaxLength(WriteOffModel.MaxReasonCodeLength).IsRequired();
        builder.Property(w => w.AmountKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Amount).HasPrecision(19, 4);
        builder.Property(w => w.TaxRate).HasPrecision(19, 4);
        builder.Property(w => w.TaxAccount).HasMaxLength(WriteOffModel.MaxAccountLength);
        builder.Property(w => w.Description).HasMaxLength(WriteOffModel.MaxDescriptionLength);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.Property(w => w.CreatedBy).HasMaxLength(40).IsRequired();
        builder.Property(w => w.UpdatedBy).HasMaxLength(40).IsRequired();
    }
}
