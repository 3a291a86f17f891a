using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReconGrpc.Data.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DifferenceTotal = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Balance = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    RepliedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RepliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RecordedFor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConfirmationId = table.Column<long>(type: "bigint", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Format = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SentBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SentFor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ReplyId = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
