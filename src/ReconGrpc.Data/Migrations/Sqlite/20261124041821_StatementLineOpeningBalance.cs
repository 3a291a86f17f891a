using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatementLineOpeningBalance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsOpeningBalance",
                table: "statement_line",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Lines imported before the flag existed: a statement's opening is its first line with an opening text, as
            // the template importer names them (later ones are page carry-forwards, 承前页, not a second opening).
            migrationBuilder.Sql(@"UPDATE ""statement_line"" SET ""IsOpeningBalance"" = 1 WHERE ""Id"" IN (SELECT MIN(""Id"") FROM ""statement_line"" WHERE ""Text"" IN ('期初余额', '期初', '上期结转', '上年结转', '承前页') GROUP BY ""StatementId"");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsOpeningBalance",
                table: "statement_line");
        }
    }
}
