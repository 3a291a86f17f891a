using System.Runtime.CompilerServices;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// 京东 (JD.com) — reads three kinds of JD file, told apart by their header: a JD account's 交易流水 payment bill and a
/// merchant's 结算单 / 对账单明细 / 钱包资金明细 into statement lines (money into the account positive, each with
/// what it is for), and a merchant's 订单导出 into one order per order, its SKU rows folded.
/// </summary>
public sealed class JdAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "jd";

    /// <summary>How many rows may come before the header (the bill has 21).</summary>
    private const int HeaderSearchRows = 60;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "京东 (JD) 交易流水, 订单导出, 结算单明细", new Version(1, 0, 0), RecordKind.StatementLines | RecordKind.Orders)
    {
        Description = "JD.com files: a JD account's 交易流水 payment bill (交易时间, 商户名称, 交易说明, 金额, 收/支), a merchant's 订单导出 "
                      + "(one row per SKU, folded into one order per 订单号) and a merchant's 结算单 / 对账单明细 / 钱包资金明细 (费用项, 金额, "
                      + "结算单号: 货款, 佣金, 退货款, 提现 …). CSV in UTF-8 or GBK, XLSX or XLS. The kind is told from the header.",
        FileExtensions = [".csv", ".xlsx", ".xls", ".txt"],
        Options =
        [
            new AdapterOption("kind", OptionType.Choice,
                "What the file is: bill (交易流水), orders (订单导出) or settlement (结算单明细); auto tells it from the header.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "bill", "orders", "settlement"],
            },
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a CSV file.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet to read, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return JdDetection.Detect(ProbeText.From(probe));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DetectionResult.No($"The file could not be examined: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        var settings = Settings.From(context);
        await using var reader = await HintedReading.OpenAsync(content, settings.Tabular, EncodingHint, cancellationToken).ConfigureAwait(false);
        var preamble = new JdPreamble();
        JdFile? file = null;
        long lastLine = 0;
        while (await HintedReading.NextAsync(reader, EncodingHint, cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsBlankRow)
            {
                continue;
            }

            lastLine = reader.Line;
            if (file is null)
            {
                var texts = JdCells.Texts(reader);
                file = Open(new JdHeader(texts), preamble, settings.Kind);
                if (file is null)
                {
                    preamble.Add(texts);
                    if (reader.Line >= HeaderSearchRows)
                    {
                        throw NoHeader(reader.Line, settings.Kind, preamble, reader.Description);
                    }
                }

                continue;
            }

            file.Row(reader);
            for (var i = 0; i < file.Output.Count; i++)
            {
                yield return file.Output[i];
            }

            file.Output.Clear();
        }

        if (file is null)
        {
            throw NoHeader(null, settings.Kind, preamble, reader.Description);
        }

        file.End(lastLine);
        foreach (var row in file.Output)
        {
            yield return row;
        }
    }

    private static JdFile? Open(JdHeader header, JdPreamble preamble, JdFileKind? wanted)
    {
        if (header.Kind == JdFileKind.None || (wanted is { } kind && kind != header.Kind))
        {
            return null;
        }

        return header.Kind switch
        {
            JdFileKind.PaymentBill => new JdPaymentBill(header, preamble),
            JdFileKind.Orders => new JdOrders(header),
            _ => new JdSettlement(header, preamble),
        };
    }

    private static ImportException NoHeader(long? line, JdFileKind? wanted, JdPreamble preamble, string description)
    {
        var looked = wanted switch
        {
            JdFileKind.PaymentBill => "a 交易流水 header (交易时间, 商户名称 or 交易说明, 金额, 收/支, 交易订单号 or 商家订单号)",
            JdFileKind.Orders => "an 订单导出 header (订单号, 应付金额, and 商品ID, 订购数量 or 京东价)",
            JdFileKind.Settlement => "a 结算单明细 header (费用项 or 费用名称, 金额 or 应结金额 or 收入/支出, and a date such as 结算时间 or 费用发生时间)",
            _ => "a 交易流水 header (交易时间, 交易说明, 金额, 收/支), an 订单导出 header (订单号, 订购数量, 应付金额) "
                 + "or a 结算单明细 header (费用项, 金额, 结算时间)",
        };
        var hint = preamble.SawReplacementCharacter
            ? " The text holds replacement characters (\uFFFD): the file is probably GBK read as UTF-8; try encoding=gbk."
            : description.Contains("GBK", StringComparison.Ordinal)
                ? " The file was read as GBK; if it is UTF-8, try encoding=utf-8."
                : string.Empty;
        var where = line is null ? "in the" : $"in the first {HeaderSearchRows} rows of the";
        return new ImportException($"No JD header was found {where} {description}: looked for {looked}.{hint}", line);
    }

    private static ImportException EncodingHint(ImportException e) =>
        HintedReading.FailedAsUtf8(e)
            ? new ImportException($"{e.Message} JD's merchant exports that are not UTF-8 are GBK: try encoding=gbk.", e.Line, e)
            : new ImportException($"{e.Message} If the file is UTF-8, try encoding=utf-8.", e.Line, e);

    /// <summary>The adapter's options, parsed once per import.</summary>
    private sealed record Settings(JdFileKind? Kind, TabularOptions Tabular)
    {
        public static Settings From(ImportContext context)
        {
            var kind = context.GetOption("kind")?.ToLowerInvariant() switch
            {
                null or "auto" => (JdFileKind?)null,
                "bill" => JdFileKind.PaymentBill,
                "orders" => JdFileKind.Orders,
                "settlement" => JdFileKind.Settlement,
                var other => throw new ImportException($"The kind option '{other}' is not one of auto, bill, orders, settlement."),
            };

            var encoding = context.EncodingHint;
            if (context.GetOption("encoding") is { } encodingName && !encodingName.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                encoding = TextEncodings.FromName(encodingName) ?? throw new ImportException($"The encoding option '{encodingName}' is not one of utf-8, gbk, gb18030.");
            }

            return new Settings(kind, new TabularOptions(context.FileName, encoding, Sheet: context.GetOption("sheet")));
        }
    }
}
