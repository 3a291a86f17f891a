using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExchangeRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exchange_rate",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 18, scale: 8, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordedFor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rate", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rate_Currency_Date",
                table: "exchange_rate",
                columns: new[] { "Currency", "Date" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_rate");
        }
    }
}
