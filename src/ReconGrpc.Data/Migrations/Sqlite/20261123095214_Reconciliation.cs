using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Fingerprints are now the first 128 bits of the SHA-256 (32 hex digits): cut the stored ones the same
            // way so re-imports of rows stored before still count as duplicates.
            migrationBuilder.Sql("UPDATE \"ledger_entry\" SET \"Fingerprint\" = substr(\"Fingerprint\", 1, 32) WHERE length(\"Fingerprint\") > 32;");
            migrationBuilder.Sql("UPDATE \"statement_line\" SET \"Fingerprint\" = substr(\"Fingerprint\", 1, 32) WHERE length(\"Fingerprint\") > 32;");

            migrationBuilder.CreateTable(
                name: "customer_period",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConfirmedBalance = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_period", x => x.Id);
                    table.ForeignKey(
                        name: "FK_customer_period_customer_CustomerCode",
                        column: x => x.CustomerCode,
                        principalTable: "customer",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "recon_run",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StatementIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RuleSetName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RuleSetVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    TheirClosingBalance = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StoredMatches = table.Column<int>(type: "INTEGER", nullable: false),
                    StoredExceptions = table.Column<int>(type: "INTEGER", nullable: false),
                    SummaryJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recon_run", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rule_set",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RulesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rule_set", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "recon_exception",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    CounterpartSide = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    CounterpartId = table.Column<long>(type: "INTEGER", nullable: true),
                    Difference = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ResolvedByMatch = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recon_exception", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_recon_exception_recon_run_RunId",
                        column: x => x.RunId,
                        principalTable: "recon_run",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recon_match",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OurIds = table.Column<string>(type: "TEXT", nullable: false),
                    TheirIds = table.Column<string>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OurAmount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    TheirAmount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Difference = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    AdjustmentEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recon_match", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_recon_match_ledger_entry_AdjustmentEntryId",
                        column: x => x.AdjustmentEntryId,
                        principalTable: "ledger_entry",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_recon_match_recon_run_RunId",
                        column: x => x.RunId,
                        principalTable: "recon_run",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_customer_period_CustomerCode_StartDate",
                table: "customer_period",
                columns: new[] { "CustomerCode", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_recon_exception_RunId_Side_ItemId",
                table: "recon_exception",
                columns: new[] { "RunId", "Side", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_AdjustmentEntryId",
                table: "recon_match",
                column: "AdjustmentEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_recon_run_CustomerCode_Id",
                table: "recon_run",
                columns: new[] { "CustomerCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_recon_run_Status",
                table: "recon_run",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_rule_set_Name_Version",
                table: "rule_set",
                columns: new[] { "Name", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_period");

            migrationBuilder.DropTable(
                name: "recon_exception");

            migrationBuilder.DropTable(
                name: "recon_match");

            migrationBuilder.DropTable(
                name: "rule_set");

            migrationBuilder.DropTable(
                name: "recon_run");
        }
    }
}
