using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EncryptSensitiveCustomerFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_customer_CreditCode",
                table: "customer");

            migrationBuilder.AddColumn<string>(
                name: "BankAccountHash",
                table: "customer",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditCodeHash",
                table: "customer",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_BankAccountHash",
                table: "customer",
                column: "BankAccountHash");

            migrationBuilder.CreateIndex(
                name: "IX_customer_CreditCodeHash",
                table: "customer",
                column: "CreditCodeHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_customer_BankAccountHash",
                table: "customer");

            migrationBuilder.DropIndex(
                name: "IX_customer_CreditCodeHash",
                table: "customer");

            migrationBuilder.DropColumn(
                name: "BankAccountHash",
                table: "customer");

            migrationBuilder.DropColumn(
                name: "CreditCodeHash",
                table: "customer");

            migrationBuilder.CreateIndex(
                name: "IX_customer_CreditCode",
                table: "customer",
                column: "CreditCode");
        }
    }
}
