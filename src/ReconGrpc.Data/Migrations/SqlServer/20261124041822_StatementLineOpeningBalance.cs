using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Lines imported before the flag existed: a statement's opening is its first line with an opening text, as
            // the template importer names them (later ones are page carry-forwards, 承前页, not a second opening).
            migrationBuilder.Sql(@"UPDATE [statement_line] SET [IsOpeningBalance] = CAST(1 AS bit) WHERE [Id] IN (SELECT MIN([Id]) FROM [statement_line] WHERE [Text] IN (N'期初余额', N'期初', N'上期结转', N'上年结转', N'承前页') GROUP BY [StatementId]);");
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
