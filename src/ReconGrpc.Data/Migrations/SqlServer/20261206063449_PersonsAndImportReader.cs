using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PersonsAndImportReader : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecidedFor",
                table: "recon_match",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdapterVersion",
                table: "import_batch",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportedFor",
                table: "import_batch",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PluginSha256",
                table: "import_batch",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordedFor",
                table: "customer_period",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnlockedFor",
                table: "customer_period",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Person",
                table: "audit_entry",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Holder",
                table: "api_key",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            // A customer's first category holds since always (CustomerCategoryAssignment.SinceAlways); the rows written
            // when a customer was created, imported or moved before it had entries carry the day they were written.
            migrationBuilder.Sql("UPDATE customer_category_history SET [EffectiveFrom] = '0001-01-01' WHERE [Reason] IN (N'created', N'imported', N'changed by update (no ledger entries yet)')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedFor",
                table: "recon_match");

            migrationBuilder.DropColumn(
                name: "AdapterVersion",
                table: "import_batch");

            migrationBuilder.DropColumn(
                name: "ImportedFor",
                table: "import_batch");

            migrationBuilder.DropColumn(
                name: "PluginSha256",
                table: "import_batch");

            migrationBuilder.DropColumn(
                name: "RecordedFor",
                table: "customer_period");

            migrationBuilder.DropColumn(
                name: "UnlockedFor",
                table: "customer_period");

            migrationBuilder.DropColumn(
                name: "Person",
                table: "audit_entry");

            migrationBuilder.DropColumn(
                name: "Holder",
                table: "api_key");
        }
    }
}
