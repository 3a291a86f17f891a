using System.Text;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>What a column of a bank download holds.</summary>
internal enum BankField
{
    /// <summary>记账日期 / 交易日期: the line's date.</summary>
    Date,

    /// <summary>借方发生额 / 支出: money out, unsigned.</summary>
    Debit,

    /// <summary>贷方发生额 / 收入: money in, unsigned.</summary>
    Credit,

    /// <summary>交易金额 / 金额: signed, money in positive.</summary>
    Signed,

    /// <summary>借/贷, 收/支: the side of an unsigned 交易金额.</summary>
    Direction,

    /// <summary>余额 / 账户余额 / 联机余额: the running balance after the line.</summary>
    Balance,

    /// <summary>对方户名.</summary>
    CounterpartyName,

    /// <summary>对方账号.</summary>
    CounterpartyAccount,

    /// <summary>对手信息 / 对方账号与户名: name and account in one cell.</summary>
    CounterpartyInfo,

    /// <summary>流水号 / 交易流水号: the bank's own id of the line.</summary>
    Serial,

    /// <summary>凭证号: the bank's voucher number (not unique enough to identify a line).</summary>
    Voucher,

    /// <summary>业务参考号: a reference shared with the payer.</summary>
    Reference,

    /// <summary>币种 / 币别 / 货币.</summary>
    Currency,

    /// <summary>本方账号 / 借记卡号: our own account, when each row names it.</summary>
    Account,

    /// <summary>摘要, 用途, 附言 …: text of the line; several columns are joined.</summary>
    Text,
}

/// <summary>How a combined counterparty cell (对手信息, 对方账号与户名) is split.</summary>
internal enum CounterpartySplit
{
    /// <summary>The whole cell is the name.</summary>
    None,

    /// <summary>An account number at either end of the cell ("北京住房公积金管理中心1111111111", "张三 666…", "6217…/张三").</summary>
    AccountAtEitherEnd,
}

/// <summary>
/// One bank's layout: the headings that identify it and the headings it uses for each field, in order of preference
/// (ICBC's 记账金额 in the account's currency before its 交易金额 in the transaction's).
/// </summary>
internal sealed class BankProfile
{
    private readonly Dictionary<string, (BankField Field, int Rank)> _aliases;

    private BankProfile(string id, string name, string[][] signatures, CounterpartySplit split, params (BankField Field, string[] Headings)[] aliases)
    {
        Id = id;
        Name = name;
        Signatures = signatures.Select(s => s.Select(BankHeadings.Key).ToArray()).ToArray();
        Split = split;
        _aliases = new Dictionary<string, (BankField, int)>(StringComparer.Ordinal);
        foreach (var (field, headings) in aliases)
        {
            for (var rank = 0; rank < headings.Length; rank++)
            {
                _aliases.TryAdd(BankHeadings.Key(headings[rank]), (field, rank));
            }
        }
    }

    public string Id { get; }

    /// <summary>The bank's name for messages.</summary>
    public string Name { get; }

    /// <summary>Sets of headings any one of which, all present, identifies the layout.</summary>
    public string[][] Signatures { get; }

    public CounterpartySplit Split { get; }

    public static BankProfile Generic { get; } = new("generic", "a bank download (generic headings)", [], CounterpartySplit.None,
        (BankField.Date, ["记账日期", "交易日期", "入账日期", "记账日", "交易日", "日期", "交易时间"]),
        (BankField.Debit, ["借方发生额", "支出", "支出金额", "交易金额(支出)", "借方金额", "付款金额"]),
        (BankField.Credit, ["贷方发生额", "收入", "收入金额", "交易金额(收入)", "贷方金额", "收款金额"]),
        (BankField.Signed, ["交易金额", "金额", "发生额"]),
        (BankField.Direction, ["借贷标志", "借/贷", "借贷", "收/支", "收支", "借贷方向"]),
        (BankField.Balance, ["余额", "账户余额", "联机余额", "当前余额", "交易后余额"]),
        (BankField.CounterpartyName, ["对方户名", "对方账户名", "对手信息", "对方名称", "对方单位名称", "对方账户名称"]),
        (BankField.CounterpartyAccount, ["对方账号", "对方账户", "对方卡号", "对方帐号", "对方卡号/账号", "账号"]),
        (BankField.Serial, ["流水号", "交易流水号", "银行流水号"]),
        (BankField.Voucher, ["凭证号", "凭证号码"]),
        (BankField.Reference, ["业务参考号", "客户参考号", "参考号"]),
        (BankField.Currency, ["币种", "币别", "货币", "记账币种", "交易币种"]),
        (BankField.Account, ["本方账号", "本方卡号"]),
        (BankField.Text, ["摘要", "用途", "交易摘要", "附言", "备注", "交易附言", "交易地点"]));

    public static BankProfile Icbc { get; } = new("icbc", "中国工商银行 (ICBC)",
        [["交易场所", "记账金额(收入)"], ["对方单位名称", "对方行号"]], CounterpartySplit.None,
        (BankField.Date, ["交易日期", "记账日期", "交易时间"]),
        (BankField.Debit, ["记账金额(支出)", "借方发生额", "交易金额(支出)"]),
        (BankField.Credit, ["记账金额(收入)", "贷方发生额", "交易金额(收入)"]),
        (BankField.Direction, ["借/贷"]),
        (BankField.Balance, ["余额"]),
        (BankField.CounterpartyName, ["对方户名", "对方单位名称"]),
        (BankField.CounterpartyAccount, ["对方账户", "对方账号"]),
        (BankField.Serial, ["交易流水号", "流水号"]),
        (BankField.Voucher, ["凭证号"]),
        (BankField.Currency, ["记账币种", "币种", "交易币种"]),
        (BankField.Account, ["本方账号"]),
        (BankField.Text, ["摘要", "用途", "交易详情", "交易场所", "个性化信息"]));

    public static BankProfile Cmb { get; } = new("cmb", "招商银行 (CMB)",
        [["联机余额", "对手信息"], ["收/付方名称", "借方金额"], ["收/付方帐号", "借方金额"]], CounterpartySplit.AccountAtEitherEnd,
        (BankField.Date, ["记账日期", "交易日", "交易日期"]),
        (BankField.Debit, ["借方金额", "借方发生额"]),
        (BankField.Credit, ["贷方金额", "贷方发生额"]),
        (BankField.Signed, ["交易金额"]),
        (BankField.Balance, ["联机余额", "余额"]),
        (BankField.CounterpartyName, ["收/付方名称", "对方户名"]),
        (BankField.CounterpartyAccount, ["收/付方帐号", "收/付方账号", "对方账号"]),
        (BankField.CounterpartyInfo, ["对手信息"]),
        (BankField.Serial, ["流水号", "交易流水号"]),
        (BankField.Reference, ["业务参考号"]),
        (BankField.Currency, ["货币", "币种"]),
        (BankField.Account, ["本方账号"]),
        (BankField.Text, ["交易摘要", "摘要", "用途", "客户摘要", "业务摘要", "其它摘要"]));

    public static BankProfile Boc { get; } = new("boc", "中国银行 (BOC)",
        [["借记卡号", "对方卡号/账号"], ["交易名称", "对方账户名", "记账时间"]], CounterpartySplit.None,
        (BankField.Date, ["记账日期", "交易日期"]),
        (BankField.Debit, ["支出金额", "借方发生额"]),
        (BankField.Credit, ["收入金额", "贷方发生额"]),
        (BankField.Signed, ["金额", "交易金额"]),
        (BankField.Balance, ["余额"]),
        (BankField.CounterpartyName, ["对方账户名", "对方户名"]),
        (BankField.CounterpartyAccount, ["对方卡号/账号", "对方账号"]),
        (BankField.Serial, ["交易流水号", "流水号"]),
        (BankField.Currency, ["币别", "币种"]),
        (BankField.Account, ["借记卡号", "本方账号"]),
        (BankField.Text, ["交易名称", "附言", "摘要"]));

    public static BankProfile Ccb { get; } = new("ccb", "中国建设银行 (CCB)",
        [["交易地点/附言"], ["对方账号与户名"]], CounterpartySplit.AccountAtEitherEnd,
        (BankField.Date, ["记账日", "记账日期", "交易日期"]),
        (BankField.Debit, ["支出", "支出金额"]),
        (BankField.Credit, ["收入", "收入金额"]),
        (BankField.Signed, ["交易金额"]),
        (BankField.Balance, ["账户余额", "余额"]),
        (BankField.CounterpartyName, ["对方户名"]),
        (BankField.CounterpartyAccount, ["对方账号"]),
        (BankField.CounterpartyInfo, ["对方账号与户名"]),
        (BankField.Serial, ["交易流水号", "流水号"]),
        (BankField.Currency, ["币别", "币种"]),
        (BankField.Text, ["摘要", "交易地点/附言", "交易地点", "附言"]));

    /// <summary>The bank layouts, tried in this order before <see cref="Generic"/>.</summary>
    public static IReadOnlyList<BankProfile> Banks { get; } = [Icbc, Cmb, Boc, Ccb];

    public static BankProfile? ById(string id) =>
        Banks.FirstOrDefault(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
        ?? (id.Equals(Generic.Id, StringComparison.OrdinalIgnoreCase) ? Generic : null);

    /// <summary>True when one of the layout's signatures is among the row's heading keys.</summary>
    public bool Identifies(IReadOnlyCollection<string> keys) => Signatures.Any(s => s.All(keys.Contains));

    /// <summary>Maps a header row's headings to fields; null when it lacks a date or any amount column.</summary>
    public ColumnMap? Map(string[] keys, string?[] headings)
    {
        var best = new Dictionary<BankField, (int Column, int Rank)>();
        var texts = new List<(int Column, int Rank)>();
        for (var column = 0; column < keys.Length; column++)
        {
            if (keys[column].Length == 0 || !_aliases.TryGetValue(keys[column], out var alias))
            {
                continue;
            }

            if (alias.Field == BankField.Text)
            {
                texts.Add((column, alias.Rank));
            }
            else if (!best.TryGetValue(alias.Field, out var seen) || alias.Rank < seen.Rank)
            {
                best[alias.Field] = (column, alias.Rank);
            }
        }

        // A bare 账号 column names the counterparty only when nothing else does; beside 对方账号 it is our own account.
        var bare = Array.IndexOf(keys, "账号");
        if (bare >= 0 && !best.ContainsKey(BankField.Account) && best.TryGetValue(BankField.CounterpartyAccount, out var other) && other.Column != bare)
        {
            best[BankField.Account] = (bare, 0);
        }

        var hasAmount = best.ContainsKey(BankField.Debit) || best.ContainsKey(BankField.Credit) || best.ContainsKey(BankField.Signed);
        if (!best.ContainsKey(BankField.Date) || !hasAmount || best.Count + texts.Count < 3)
        {
            return null;
        }

        var columns = new int[Enum.GetValues<BankField>().Length];
        Array.Fill(columns, -1);
        foreach (var (field, (column, _)) in best)
        {
            columns[(int)field] = column;
        }

        var textColumns = texts.OrderBy(t => t.Rank).ThenBy(t => t.Column).Select(t => t.Column).ToArray();
        return new ColumnMap(this, columns, textColumns, headings);
    }
}

/// <summary>Where each field of a header row is, and the headings as the file wrote them (for messages).</summary>
internal sealed class ColumnMap(BankProfile profile, int[] columns, int[] textColumns, string?[] headings)
{
    public BankProfile Profile { get; } = profile;

    public int[] TextColumns { get; } = textColumns;

    public int this[BankField field] => columns[(int)field];

    public bool Has(BankField field) => columns[(int)field] >= 0;

    /// <summary>The heading of a field's column as the file wrote it.</summary>
    public string Heading(BankField field) => Heading(columns[(int)field]);

    public string Heading(int column) => column >= 0 && column < headings.Length && headings[column] is { } h ? h : $"column {column + 1}";
}

/// <summary>Heading keys: half-width, without spaces or required-marks, lower case; a unit in brackets dropped.</summary>
internal static class BankHeadings
{
    private static readonly string[] Units = ["(元)", "(人民币)", "(人民币元)", "(rmb)", "(cny)"];

    public static string Key(string? heading)
    {
        if (heading is null)
        {
            return string.Empty;
        }

        var text = ValueParser.HalfWidth(heading);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '*' && c != '"')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        var key = builder.ToString().TrimEnd(':');
        foreach (var unit in Units)
        {
            if (key.Length > unit.Length && key.EndsWith(unit, StringComparison.Ordinal))
            {
                return key[..^unit.Length];
            }
        }

        return key;
    }

    public static string[] Keys(string?[] headings)
    {
        var keys = new string[headings.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Key(headings[i]);
        }

        return keys;
    }
}
