using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MatchAdjustmentReversal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ReversalEntryId",
                table: "recon_match",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_ReversalEntryId",
                table: "recon_match",
                column: "ReversalEntryId",
                filter: "\"ReversalEntryId\" IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "FK_recon_match_ledger_entry_ReversalEntryId",
                table: "recon_match",
                column: "ReversalEntryId",
                principalTable: "ledger_entry",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_recon_match_ledger_entry_ReversalEntryId",
                table: "recon_match");

            migrationBuilder.DropIndex(
                name: "IX_recon_match_ReversalEntryId",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "ReversalEntryId",
                table: "recon_match");
        }
    }
}
