using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AdjustmentIndexSkipsEngineMatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recon_match_AdjustmentEntryId",
                table: "recon_match");

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_AdjustmentEntryId",
                table: "recon_match",
                column: "AdjustmentEntryId",
                filter: "\"AdjustmentEntryId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recon_match_AdjustmentEntryId",
                table: "recon_match");

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_AdjustmentEntryId",
                table: "recon_match",
                column: "AdjustmentEntryId");
        }
    }
}
