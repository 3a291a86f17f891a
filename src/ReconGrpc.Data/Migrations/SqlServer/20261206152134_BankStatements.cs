using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BankStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "statement_line",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterpartyAccount",
                table: "statement_line",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterpartyName",
                table: "statement_line",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Resolution",
                table: "statement_line",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.CreateTable(
                name: "counterparty_alias",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerCode = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    NormalizedName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Account = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    BankAccountHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_counterparty_alias", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "statement_balance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    StatementId = table.Column<long>(type: "bigint", nullable: false),
                    ImportBatchId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    SourceLine = table.Column<int>(type: "int", nullable: false),
                    StatementNumber = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Account = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    OpeningDate = table.Column<DateOnly>(type: "date", nullable: true),
                    OpeningBalance = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    ClosingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosingBalance = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    Lines = table.Column<int>(type: "int", nullable: false),
                    Credits = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    Debits = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    UnreadRows = table.Column<int>(type: "int", nullable: false),
                    DeclaredCredits = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    DeclaredDebits = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    DeclaredCount = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_balance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_statement_balance_statement_StatementId",
                        column: x => x.StatementId,
                        principalTable: "statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_counterparty_alias_BankAccountHash",
                table: "counterparty_alias",
                column: "BankAccountHash");

            migrationBuilder.CreateIndex(
                name: "IX_counterparty_alias_CustomerCode",
                table: "counterparty_alias",
                column: "CustomerCode");

            migrationBuilder.CreateIndex(
                name: "IX_counterparty_alias_NormalizedName",
                table: "counterparty_alias",
                column: "NormalizedName");

            migrationBuilder.CreateIndex(
                name: "IX_statement_balance_StatementId_ImportBatchId_Position",
                table: "statement_balance",
                columns: new[] { "StatementId", "ImportBatchId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "counterparty_alias");

            migrationBuilder.DropTable(
                name: "statement_balance");

            migrationBuilder.DropColumn(
                name: "Account",
                table: "statement_line");

            migrationBuilder.DropColumn(
                name: "CounterpartyAccount",
                table: "statement_line");

            migrationBuilder.DropColumn(
                name: "CounterpartyName",
                table: "statement_line");

            migrationBuilder.DropColumn(
                name: "Resolution",
                table: "statement_line");
        }
    }
}
