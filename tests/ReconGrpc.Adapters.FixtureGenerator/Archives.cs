namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>A customer as the fixtures describe it in T3's archive and in the template.</summary>
internal sealed record Customer(
    string Code,
    string Name,
    string ShortName,
    string Category,
    string CreditCode,
    string Bank,
    string Account,
    string Address,
    string Phone,
    string Contact,
    decimal? CreditLimit,
    int? TermDays);

/// <summary>The category tree and customer archive the fixtures share (scheme 2-2-3).</summary>
internal static class Archives
{
    public static IReadOnlyList<(string Code, string Name, bool Leaf)> Categories { get; } =
    [
        ("01", "华东区", false),
        ("0101", "上海", true),
        ("0102", "江苏", true),
        ("02", "华北区", false),
        ("0201", "北京", true),
        ("0202", "天津", true),
    ];

    public static IReadOnlyList<Customer> Customers { get; } =
    [
        new("0101001", "上海华联超市有限公司", "上海华联", "0101", Uscc.WithCheck("91310000132205473"), "中国工商银行上海市分行营业部", "1001244309004613428",
            "上海市黄浦区南京东路800号", "021-63221488", "李明", 200_000m, 30),
        new("0101002", "上海百联便利店连锁有限公司", "百联便利", "0101", Uscc.WithCheck("91310101607225313"), "交通银行上海黄浦支行", "310066726018150012345",
            "上海市黄浦区西藏中路268号", "021-63514007", "王芳", 80_000m, 15),
        new("0102001", "南京苏果商贸有限公司", "南京苏果", "0102", Uscc.WithCheck("91320100134950618"), "中国建设银行南京城南支行", "32001594736052500123",
            "南京市秦淮区中山南路49号", "025-84712330", "张伟", 150_000m, 45),
        new("0201001", "北京京客隆商业集团股份有限公司", "京客隆", "0201", Uscc.WithCheck("91110000700137862"), "北京银行朝阳支行", "01090312300120105123",
            "北京市朝阳区新源街24号", "010-64604255", "赵静", null, null),
    ];
}

/// <summary>统一社会信用代码 check characters (GB 32100-2015), so the fixture customers carry valid codes.</summary>
internal static class Uscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string WithCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(body[i]) * Weights[i];
        }

        var check = 31 - (sum % 31);
        return body + Alphabet[check == 31 ? 0 : check];
    }
}
