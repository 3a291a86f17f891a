using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MatchReasonCodesAndExchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ExchangeDifference",
                table: "recon_match",
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "recon_match",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuggestedWriteOff",
                table: "recon_match",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TheirCurrency",
                table: "recon_match",
                type: "TEXT",
                maxLength: 3,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExchangeDifference",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "ReasonCode",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "SuggestedWriteOff",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "TheirCurrency",
                table: "recon_match");
        }
    }
}
