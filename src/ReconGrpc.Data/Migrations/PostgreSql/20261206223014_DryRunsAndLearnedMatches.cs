using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DryRunsAndLearnedMatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ComparisonJson",
                table: "recon_run",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DryRun",
                table: "recon_run",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Why",
                table: "recon_match",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ComparisonJson",
                table: "recon_run");

            migrationBuilder.DropColumn(
                name: "DryRun",
                table: "recon_run");

            migrationBuilder.DropColumn(
                name: "Why",
                table: "recon_match");
        }
    }
}
