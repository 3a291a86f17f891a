using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerAmountUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AmountUnits",
                table: "ledger_entry",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CASE WHEN instr(\"Amount\", '.') = 0 THEN CAST(\"Amount\" AS INTEGER) * 10000 ELSE CAST(substr(\"Amount\", 1, instr(\"Amount\", '.') - 1) AS INTEGER) * 10000 + (CASE WHEN substr(\"Amount\", 1, 1) = '-' THEN -1 ELSE 1 END) * CAST(substr(substr(\"Amount\", instr(\"Amount\", '.') + 1) || '000', 1, 4) AS INTEGER) END",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_aging",
                table: "ledger_entry",
                columns: new[] { "CustomerCode", "Currency", "Date", "DueDate", "DocumentType", "AmountUnits" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_entry_aging",
                table: "ledger_entry");

            migrationBuilder.DropColumn(
                name: "AmountUnits",
                table: "ledger_entry");
        }
    }
}
