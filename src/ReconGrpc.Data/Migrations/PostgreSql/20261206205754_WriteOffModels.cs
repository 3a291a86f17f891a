using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReconGrpc.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class WriteOffModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TaxEntryId",
                table: "recon_match",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TaxReversalEntryId",
                table: "recon_match",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WriteOffModel",
                table: "recon_match",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "write_off_model",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Account = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReasonCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AmountKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    TaxRate = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    TaxAccount = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_write_off_model", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_TaxEntryId",
                table: "recon_match",
                column: "TaxEntryId",
                filter: "\"TaxEntryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_recon_match_TaxReversalEntryId",
                table: "recon_match",
                column: "TaxReversalEntryId",
                filter: "\"TaxReversalEntryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_write_off_model_Name",
                table: "write_off_model",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_recon_match_ledger_entry_TaxEntryId",
                table: "recon_match",
                column: "TaxEntryId",
                principalTable: "ledger_entry",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_recon_match_ledger_entry_TaxReversalEntryId",
                table: "recon_match",
                column: "TaxReversalEntryId",
                principalTable: "ledger_entry",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_recon_match_ledger_entry_TaxEntryId",
                table: "recon_match");

            migrationBuilder.DropForeignKey(
                name: "FK_recon_match_ledger_entry_TaxReversalEntryId",
                table: "recon_match");

            migrationBuilder.DropTable(
                name: "write_off_model");

            migrationBuilder.DropIndex(
                name: "IX_recon_match_TaxEntryId",
                table: "recon_match");

            migrationBuilder.DropIndex(
                name: "IX_recon_match_TaxReversalEntryId",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "TaxEntryId",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "TaxReversalEntryId",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "WriteOffModel",
                table: "recon_match");
        }
    }
}
