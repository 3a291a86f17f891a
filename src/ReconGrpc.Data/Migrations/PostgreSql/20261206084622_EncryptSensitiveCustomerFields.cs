using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.PostgreSql
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

            migrationBuilder.AlterColumn<string>(
                name: "CreditCode",
                table: "customer",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(18)",
                oldMaxLength: 18,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "BankAccount",
                table: "customer",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BankAccountHash",
                table: "customer",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditCodeHash",
                table: "customer",
                type: "character varying(64)",
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

            migrationBuilder.AlterColumn<string>(
                name: "CreditCode",
                table: "customer",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "BankAccount",
                table: "customer",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1000)",
                oldMaxLength: 1000,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_CreditCode",
                table: "customer",
                column: "CreditCode");
        }
    }
}
