using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatementRepliesAndSendings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "statement_reply",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DifferenceTotal = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Balance = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    RepliedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RepliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordedFor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfirmationId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_reply", x => x.Id);
                    table.ForeignKey(
                        name: "FK_statement_reply_customer_CustomerCode",
                        column: x => x.CustomerCode,
                        principalTable: "customer",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_statement_reply_customer_period_ConfirmationId",
                        column: x => x.ConfirmationId,
                        principalTable: "customer_period",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "statement_sending",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SentFor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_sending", x => x.Id);
                    table.ForeignKey(
                        name: "FK_statement_sending_customer_CustomerCode",
                        column: x => x.CustomerCode,
                        principalTable: "customer",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "statement_reply_difference",
                columns: table => new
                {
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplyId = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_reply_difference", x => new { x.ReplyId, x.Position });
                    table.ForeignKey(
                        name: "FK_statement_reply_difference_statement_reply_ReplyId",
                        column: x => x.ReplyId,
                        principalTable: "statement_reply",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_statement_reply_ConfirmationId",
                table: "statement_reply",
                column: "ConfirmationId");

            migrationBuilder.CreateIndex(
                name: "IX_statement_reply_CustomerCode_StartDate_EndDate",
                table: "statement_reply",
                columns: new[] { "CustomerCode", "StartDate", "EndDate" });

            migrationBuilder.CreateIndex(
                name: "IX_statement_sending_CustomerCode_StartDate_EndDate",
                table: "statement_sending",
                columns: new[] { "CustomerCode", "StartDate", "EndDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "statement_reply_difference");

            migrationBuilder.DropTable(
                name: "statement_sending");

            migrationBuilder.DropTable(
                name: "statement_reply");
        }
    }
}
