using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TaxReversalEntryId",
                table: "recon_match",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WriteOffModel",
                table: "recon_match",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "write_off_model",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AmountKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    TaxRate = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    TaxAccount = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
