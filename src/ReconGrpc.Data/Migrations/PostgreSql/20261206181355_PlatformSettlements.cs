using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReconGrpc.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PlatformSettlements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "statement_line",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "RefundedAmount",
                table: "statement_line",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettlementId",
                table: "statement_line",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "settlement_run",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrdersStatementId = table.Column<long>(type: "bigint", nullable: false),
                    BillStatementId = table.Column<long>(type: "bigint", nullable: false),
                    BankStatementId = table.Column<long>(type: "bigint", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CustomerCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    PayoutDays = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Failure = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    ExceptionCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlement_run", x => x.Id);
                    table.ForeignKey(
                        name: "FK_settlement_run_statement_BankStatementId",
                        column: x => x.BankStatementId,
                        principalTable: "statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_settlement_run_statement_BillStatementId",
                        column: x => x.BillStatementId,
                        principalTable: "statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_settlement_run_statement_OrdersStatementId",
                        column: x => x.OrdersStatementId,
                        principalTable: "statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "settlement_item",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LineId = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Difference = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Related = table.Column<string>(type: "text", nullable: false),
                    Explanation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlement_item", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_settlement_item_settlement_run_RunId",
                        column: x => x.RunId,
                        principalTable: "settlement_run",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement_total",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Orders = table.Column<int>(type: "integer", nullable: false),
                    OrderAmount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Settled = table.Column<int>(type: "integer", nullable: false),
                    Refunded = table.Column<int>(type: "integer", nullable: false),
                    Open = table.Column<int>(type: "integer", nullable: false),
                    SettledAfterPeriod = table.Column<int>(type: "integer", nullable: false),
                    AmountDiffers = table.Column<int>(type: "integer", nullable: false),
                    Sales = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Refunds = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Fees = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    FeeLines = table.Column<int>(type: "integer", nullable: false),
                    Payouts = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    PayoutCount = table.Column<int>(type: "integer", nullable: false),
                    PayoutsOnBank = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    InTransit = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Exceptions = table.Column<int>(type: "integer", nullable: false),
                    FeesEntryId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlement_total", x => new { x.RunId, x.Currency });
                    table.ForeignKey(
                        name: "FK_settlement_total_ledger_entry_FeesEntryId",
                        column: x => x.FeesEntryId,
                        principalTable: "ledger_entry",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_settlement_total_settlement_run_RunId",
                        column: x => x.RunId,
                        principalTable: "settlement_run",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_settlement_run_BankStatementId",
                table: "settlement_run",
                column: "BankStatementId");

            migrationBuilder.CreateIndex(
                name: "IX_settlement_run_BillStatementId",
                table: "settlement_run",
                column: "BillStatementId");

            migrationBuilder.CreateIndex(
                name: "IX_settlement_run_OrdersStatementId",
                table: "settlement_run",
                column: "OrdersStatementId");

            migrationBuilder.CreateIndex(
                name: "IX_settlement_total_FeesEntryId",
                table: "settlement_total",
                column: "FeesEntryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "settlement_item");

            migrationBuilder.DropTable(
                name: "settlement_total");

            migrationBuilder.DropTable(
                name: "settlement_run");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "statement_line");

            migrationBuilder.DropColumn(
                name: "RefundedAmount",
                table: "statement_line");

            migrationBuilder.DropColumn(
                name: "SettlementId",
                table: "statement_line");
        }
    }
}
