using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportKeyLeadsWithCustomerAndDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_statement_line_StatementId_Date",
                table: "statement_line");

            migrationBuilder.DropIndex(
                name: "IX_statement_line_StatementId_Fingerprint",
                table: "statement_line");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entry_CustomerCode_Date",
                table: "ledger_entry");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entry_Fingerprint",
                table: "ledger_entry");

            migrationBuilder.CreateIndex(
                name: "IX_statement_line_StatementId_Date_Fingerprint",
                table: "statement_line",
                columns: new[] { "StatementId", "Date", "Fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_CustomerCode_Date_Fingerprint",
                table: "ledger_entry",
                columns: new[] { "CustomerCode", "Date", "Fingerprint" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_statement_line_StatementId_Date_Fingerprint",
                table: "statement_line");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entry_CustomerCode_Date_Fingerprint",
                table: "ledger_entry");

            migrationBuilder.CreateIndex(
                name: "IX_statement_line_StatementId_Date",
                table: "statement_line",
                columns: new[] { "StatementId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_statement_line_StatementId_Fingerprint",
                table: "statement_line",
                columns: new[] { "StatementId", "Fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_CustomerCode_Date",
                table: "ledger_entry",
                columns: new[] { "CustomerCode", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_Fingerprint",
                table: "ledger_entry",
                column: "Fingerprint",
                unique: true);
        }
    }
}
