using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>How a template field's cells are read.</summary>
internal enum FieldType
{
    Text,
    Amount,
    Date,
    Integer,

    /// <summary>A tax rate: 0.13, 13% or 13 all mean thirteen per cent.</summary>
    Rate,
}

/// <summary>One field of a record kind: its key for the mapping option, its template heading and the headings it is recognised by.</summary>
internal sealed class TemplateField
{
    public TemplateField(string key, string heading, FieldType type, bool required, params string[] aliases)
    {
        Key = key;
        Heading = heading;
        Type = type;
        Required = required;
        Keys = new HashSet<string>([ValueParser.HeaderKey(key), ValueParser.HeaderKey(heading), .. aliases.Select(ValueParser.HeaderKey)], StringComparer.Ordinal);
    }

    /// <summary>The field's name in the <c>columns</c> option (<c>customerCode</c>).</summary>
    public string Key { get; }

    /// <summary>The heading the downloadable template uses (<c>客户编码</c>).</summary>
    public string Heading { get; }

    public FieldType Type { get; }

    /// <summary>The template marks the heading with * and a row without a value is refused.</summary>
    public bool Required { get; }

    /// <summary>Normalised headings the column is recognised by without a mapping.</summary>
    public IReadOnlySet<string> Keys { get; }

    public string TemplateHeading => Required ? Heading + "*" : Heading;
}

/// <summary>The fields of one record kind, in template column order.</summary>
internal sealed class TemplateSchema(RecordKind kind, string optionValue, string fileStem, IReadOnlyList<TemplateField> fields)
{
    public RecordKind Kind { get; } = kind;

    /// <summary>The value of the <c>kind</c> option that selects this schema.</summary>
    public string OptionValue { get; } = optionValue;

    public string FileStem { get; } = fileStem;

    public IReadOnlyList<TemplateField> Fields { get; } = fields;

    public TemplateField? Find(string key) =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, key.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The record kinds the template adapter reads and the headings it knows them by.</summary>
internal static class TemplateSchemas
{
    public static TemplateSchema Categories { get; } = new(RecordKind.Categories, "categories", "categories", [
        new("code", "类别编码", FieldType.Text, true, "分类编码", "分类代码", "编码"),
        new("name", "类别名称", FieldType.Text, true, "分类名称", "名称"),
    ]);

    public static TemplateSchema Customers { get; } = new(RecordKind.Customers, "customers", "customers", [
        new("code", "客户编码", FieldType.Text, true, "客户代码", "编码"),
        new("name", "客户名称", FieldType.Text, true, "客户全称", "名称"),
        new("shortName", "客户简称", FieldType.Text, false, "简称"),
        new("mnemonic", "助记码", FieldType.Text, false),
        new("category", "所属分类码", FieldType.Text, false, "categoryCode", "所属分类", "分类编码", "客户分类", "类别编码"),
        new("creditCode", "统一社会信用代码", FieldType.Text, false, "社会信用代码", "信用代码"),
        new("taxNo", "税号", FieldType.Text, false, "taxNumber", "纳税人识别号"),
        new("bank", "开户银行", FieldType.Text, false, "开户行"),
        new("account", "银行账号", FieldType.Text, false, "bankAccount", "开户账号", "账号"),
        new("address", "地址", FieldType.Text, false, "通讯地址", "注册地址"),
        new("phone", "电话", FieldType.Text, false, "联系电话", "手机"),
        new("contact", "联系人", FieldType.Text, false),
        new("region", "所属地区", FieldType.Text, false, "地区", "区域"),
        new("industry", "所属行业", FieldType.Text, false, "行业"),
        new("creditLimit", "信用额度", FieldType.Amount, false),
        new("paymentTerms", "账期天数", FieldType.Integer, false, "paymentTermDays", "账期", "信用期限", "付款天数"),
        new("taxRate", "税率", FieldType.Rate, false, "默认税率"),
        new("settlement", "结算方式", FieldType.Text, false, "settlementMethod"),
        new("shipTo", "发货地址", FieldType.Text, false, "shipToAddress", "收货地址"),
    ]);

    public static TemplateSchema Ledger { get; } = new(RecordKind.LedgerEntries, "ledger", "ledger-entries", [
        new("customerCode", "客户编码", FieldType.Text, false, "客户代码"),
        new("customerName", "客户名称", FieldType.Text, false, "客户"),
        new("date", "日期", FieldType.Date, true, "记账日期", "单据日期", "业务日期"),
        new("type", "单据类型", FieldType.Text, false, "documentType", "类型", "业务类型"),
        new("documentNo", "单据号", FieldType.Text, false, "documentNumber", "单据编号", "发票号", "票号"),
        new("voucherNo", "凭证号", FieldType.Text, false, "voucherNumber"),
        new("amount", "金额", FieldType.Amount, false),
        new("debit", "借方", FieldType.Amount, false, "借方金额"),
        new("credit", "贷方", FieldType.Amount, false, "贷方金额"),
        new("currency", "币种", FieldType.Text, false),
        new("dueDate", "到期日", FieldType.Date, false),
        new("reference", "参考号", FieldType.Text, false, "业务号", "合同号", "订单号"),
        new("memo", "摘要", FieldType.Text, false, "备注", "说明"),

        // Last, so templates filled in before the column existed keep their column order.
        new("customerCreditCode", "统一社会信用代码", FieldType.Text, false, "creditCode", "客户信用代码", "社会信用代码", "信用代码", "纳税人识别号", "税号"),
        new("sourceId", "来源标识", FieldType.Text, false, "唯一标识", "交易标识", "记录标识"),
    ]);

    public static TemplateSchema Statement { get; } = new(RecordKind.StatementLines, "statement", "statement-lines", [
        new("date", "日期", FieldType.Date, true, "交易日期", "记账日期"),
        new("amount", "金额", FieldType.Amount, false, "交易金额"),
        new("debit", "借方", FieldType.Amount, false, "借方金额"),
        new("credit", "贷方", FieldType.Amount, false, "贷方金额"),
        new("balance", "余额", FieldType.Amount, false),
        new("type", "单据类型", FieldType.Text, false, "documentType", "类型"),
        new("counterpartyCode", "对方编码", FieldType.Text, false, "客户编码"),
        new("counterpartyName", "对方户名", FieldType.Text, false, "对方名称", "客户名称", "户名"),
        new("counterpartyAccount", "对方账号", FieldType.Text, false),
        new("documentNo", "单据号", FieldType.Text, false, "documentNumber", "发票号", "票号"),
        new("voucherNo", "凭证号", FieldType.Text, false, "voucherNumber", "流水号", "交易流水号"),
        new("reference", "参考号", FieldType.Text, false, "业务号"),
        new("text", "摘要", FieldType.Text, false, "附言", "用途", "备注"),
        new("currency", "币种", FieldType.Text, false),
        new("counterpartyCreditCode", "对方信用代码", FieldType.Text, false,
            "creditCode", "对方统一社会信用代码", "统一社会信用代码", "社会信用代码", "信用代码", "对方税号", "纳税人识别号", "税号"),
        new("sourceId", "来源标识", FieldType.Text, false, "唯一标识", "交易标识", "记录标识"),
        new("purpose", "业务类型", FieldType.Text, false, "款项类型", "账务类型"),
        new("settlementId", "结算单号", FieldType.Text, false, "结算批次号", "批次号"),
    ]);

    public static TemplateSchema Orders { get; } = new(RecordKind.Orders, "orders", "orders", [
        new("orderNo", "订单号", FieldType.Text, true, "orderNumber", "订单编号"),
        new("date", "订单日期", FieldType.Date, true, "日期", "下单时间", "创建时间"),
        new("amount", "订单金额", FieldType.Amount, true, "金额", "实付金额"),
        new("customerCode", "客户编码", FieldType.Text, false),
        new("customerName", "客户名称", FieldType.Text, false, "买家"),
        new("currency", "币种", FieldType.Text, false),
        new("status", "订单状态", FieldType.Text, false, "状态"),
        new("reference", "交易号", FieldType.Text, false, "参考号", "支付单号"),
        new("memo", "备注", FieldType.Text, false),
        new("customerCreditCode", "统一社会信用代码", FieldType.Text, false,
            "creditCode", "买家信用代码", "社会信用代码", "信用代码", "购方税号", "买家税号", "纳税人识别号", "税号"),
        new("refunded", "退款金额", FieldType.Amount, false, "已退款金额"),
    ]);

    public static IReadOnlyList<TemplateSchema> All { get; } = [Categories, Customers, Ledger, Statement, Orders];

    public static TemplateSchema? ForKind(RecordKind kind) => All.FirstOrDefault(s => s.Kind == kind);

    public static TemplateSchema? ForOption(string value) =>
        All.FirstOrDefault(s => string.Equals(s.OptionValue, value, StringComparison.OrdinalIgnoreCase));
}
