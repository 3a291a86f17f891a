using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReconGrpc.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_key",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_key", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entry",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BeforeJson = table.Column<string>(type: "TEXT", nullable: true),
                    AfterJson = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    TraceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entry", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "audit_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_head", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "category",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 81, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 81, nullable: true),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_category", x => x.Code);
                    table.ForeignKey(
                        name: "FK_category_category_ParentCode",
                        column: x => x.ParentCode,
                        principalTable: "category",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coding_scheme",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Pattern = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coding_scheme", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dimension",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AllowedValues = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dimension", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "import_batch",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AdapterId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatementId = table.Column<long>(type: "INTEGER", nullable: true),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Imported = table.Column<long>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<long>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<long>(type: "INTEGER", nullable: false),
                    Committed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_batch", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "statement",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameTail = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    ShortName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Mnemonic = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 81, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    TaxNumber = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BankName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BankAccount = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreditLimit = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    PaymentTermsDays = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultTaxRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: true),
                    SettlementMethod = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ShipToAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer", x => x.Id);
                    table.UniqueConstraint("AK_customer_Code", x => x.Code);
                    table.ForeignKey(
                        name: "FK_customer_category_CategoryCode",
                        column: x => x.CategoryCode,
                        principalTable: "category",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "import_error",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_error", x => x.Id);
                    table.ForeignKey(
                        name: "FK_import_error_import_batch_BatchId",
                        column: x => x.BatchId,
                        principalTable: "import_batch",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "statement_line",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    OriginalAmount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ImportBatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    AdapterId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    SourceLine = table.Column<int>(type: "INTEGER", nullable: true),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_line", x => x.Id);
                    table.ForeignKey(
                        name: "FK_statement_line_statement_StatementId",
                        column: x => x.StatementId,
                        principalTable: "statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_category_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 81, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_category_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_customer_category_history_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_dimension_value",
                columns: table => new
                {
                    DimensionCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_dimension_value", x => new { x.CustomerId, x.DimensionCode });
                    table.ForeignKey(
                        name: "FK_customer_dimension_value_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entry",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DocumentType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    VoucherNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ImportBatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    AdapterId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    SourceLine = table.Column<int>(type: "INTEGER", nullable: true),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ledger_entry_customer_CustomerCode",
                        column: x => x.CustomerCode,
                        principalTable: "customer",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "audit_head",
                columns: new[] { "Id", "LastHash", "LastSequence", "Version" },
                values: new object[] { 1, "", 0L, 0L });

            migrationBuilder.InsertData(
                table: "coding_scheme",
                columns: new[] { "Id", "Pattern", "UpdatedAt", "Version" },
                values: new object[] { 1, "2-2-2-2", 1272537022464000000L, 1L });

            migrationBuilder.CreateIndex(
                name: "IX_api_key_SecretHash",
                table: "api_key",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entry_Actor",
                table: "audit_entry",
                column: "Actor");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entry_EntityType_EntityId",
                table: "audit_entry",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entry_Time",
                table: "audit_entry",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_category_Level",
                table: "category",
                column: "Level");

            migrationBuilder.CreateIndex(
                name: "IX_category_ParentCode_Name",
                table: "category",
                columns: new[] { "ParentCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_CategoryCode",
                table: "customer",
                column: "CategoryCode");

            migrationBuilder.CreateIndex(
                name: "IX_customer_Code",
                table: "customer",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_CreditCode",
                table: "customer",
                column: "CreditCode");

            migrationBuilder.CreateIndex(
                name: "IX_customer_Mnemonic",
                table: "customer",
                column: "Mnemonic");

            migrationBuilder.CreateIndex(
                name: "IX_customer_Name",
                table: "customer",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_customer_NameTail",
                table: "customer",
                column: "NameTail");

            migrationBuilder.CreateIndex(
                name: "IX_customer_NormalizedName",
                table: "customer",
                column: "NormalizedName");

            migrationBuilder.CreateIndex(
                name: "IX_customer_category_history_CustomerId_EffectiveFrom",
                table: "customer_category_history",
                columns: new[] { "CustomerId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_dimension_value_DimensionCode_Value",
                table: "customer_dimension_value",
                columns: new[] { "DimensionCode", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_dimension_Name",
                table: "dimension",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_import_error_BatchId_Line",
                table: "import_error",
                columns: new[] { "BatchId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_CustomerCode_Date",
                table: "ledger_entry",
                columns: new[] { "CustomerCode", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entry_Fingerprint",
                table: "ledger_entry",
                column: "Fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_statement_CustomerCode",
                table: "statement",
                column: "CustomerCode");

            migrationBuilder.CreateIndex(
                name: "IX_statement_Name",
                table: "statement",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_statement_line_StatementId_Date",
                table: "statement_line",
                columns: new[] { "StatementId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_statement_line_StatementId_Fingerprint",
                table: "statement_line",
                columns: new[] { "StatementId", "Fingerprint" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_key");

            migrationBuilder.DropTable(
                name: "audit_entry");

            migrationBuilder.DropTable(
                name: "audit_head");

            migrationBuilder.DropTable(
                name: "coding_scheme");

            migrationBuilder.DropTable(
                name: "customer_category_history");

            migrationBuilder.DropTable(
                name: "customer_dimension_value");

            migrationBuilder.DropTable(
                name: "dimension");

            migrationBuilder.DropTable(
                name: "import_error");

            migrationBuilder.DropTable(
                name: "ledger_entry");

            migrationBuilder.DropTable(
                name: "statement_line");

            migrationBuilder.DropTable(
                name: "import_batch");

            migrationBuilder.DropTable(
                name: "customer");

            migrationBuilder.DropTable(
                name: "statement");

            migrationBuilder.DropTable(
                name: "category");
        }
    }
}
