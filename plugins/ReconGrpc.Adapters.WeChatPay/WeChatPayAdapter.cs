using System.Runtime.CompilerServices;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// 微信支付 — reads WeChat Pay bills into platform-bill statement lines (money into the account positive, each with
/// what it is for): the personal 微信支付账单明细 (CSV or XLSX), and the merchant's 交易账单 (downloadbill) and 资金账单
/// (fundflow). The bill's own count and totals close it as a balance record for the host to check.
/// </summary>
public sealed class WeChatPayAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "wechatpay";

    /// <summary>How many rows may come before a bill's header (the personal bill has 16).</summary>
    private const int HeaderSearchRows = 40;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "微信支付账单 (WeChat Pay bills)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "WeChat Pay bills as platform-bill lines: the personal 微信支付账单明细 (CSV or XLSX; 收入, 支出 and / rows, 服务费 split off "
                      + "as fees), the merchant 交易账单 (downloadbill: SUCCESS rows as sales with their 手续费, REFUND rows as refunds) and the "
                      + "merchant 资金账单 (fundflow: 交易, 退款, 手续费, 提现 with the 账户结余). Counts and totals the bill states are checked.",
        FileExtensions = [".csv", ".xlsx", ".txt"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a CSV bill (WeChat writes UTF-8; a bill saved again by Excel may be GBK).")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet of an XLSX bill, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return BillDetection.Detect(ProbeText.From(probe));
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
        if (context.ExpectedKind is not (RecordKind.None or RecordKind.StatementLines))
        {
            throw new ImportException($"A WeChat Pay bill holds statement lines, not {context.ExpectedKind}.");
        }

        var options = Options(context);
        await using var reader = await HintedReading.OpenAsync(new QuotePaddingFilter(content), options, EncodingHint, cancellationToken).ConfigureAwait(false);
        BillReader? bill = null;
        var preamble = new List<(long Line, string?[] Texts)>();
        long lastLine = 0;
        while (await HintedReading.NextAsync(reader, EncodingHint, cancellationToken).ConfigureAwait(false))
        {
            lastLine = reader.Line;
            if (reader.IsBlankRow)
            {
                continue;
            }

            if (bill is null)
            {
                var texts = BillCells.Texts(reader);
                bill = (BillReader?)PersonalBill.TryHeader(texts, preamble) ?? (BillReader?)TradeBill.TryHeader(texts) ?? FundFlowBill.TryHeader(texts);
                if (bill is null)
                {
                    preamble.Add((reader.Line, texts));
                    if (reader.Line >= HeaderSearchRows)
                    {
                        throw NoHeader(reader, preamble, reader.Line);
                    }
                }

                continue;
            }

            bill.Row(reader);
            for (var i = 0; i < bill.Output.Count; i++)
            {
                yield return bill.Output[i];
            }

            bill.Output.Clear();
        }

        if (bill is null)
        {
            throw NoHeader(reader, preamble, null);
        }

        bill.End(lastLine);
        foreach (var row in bill.Output)
        {
            yield return row;
        }
    }

    private static TabularOptions Options(ImportContext context)
    {
        var encoding = context.EncodingHint;
        if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            encoding = TextEncodings.FromName(name) ?? throw new ImportException($"The encoding option '{name}' is not one of utf-8, gbk, gb18030.");
        }

        return new TabularOptions(context.FileName, encoding, Sheet: context.GetOption("sheet"));
    }

    private static ImportException EncodingHint(ImportException e) =>
        HintedReading.FailedAsUtf8(e)
            ? new ImportException($"{e.Message} WeChat Pay writes its bills in UTF-8; one saved again by Excel is usually GBK: try encoding=gbk.", e.Line, e)
            : new ImportException($"{e.Message} WeChat Pay writes its bills in UTF-8: try encoding=utf-8.", e.Line, e);

    private static ImportException NoHeader(TabularReader reader, List<(long Line, string?[] Texts)> preamble, long? line)
    {
        var garbled = preamble.Any(r => r.Texts.Any(t => t is not null && t.Contains('\uFFFD', StringComparison.Ordinal)));
        var hint = garbled
            ? " The text holds replacement characters (\uFFFD): the bill was opened in the wrong encoding and saved, and its Chinese is lost. "
              + "Download or export the bill again; if it is GBK, import it with encoding=gbk."
            : reader.Description.Contains("GBK", StringComparison.Ordinal)
                ? " The file was read as GBK; if the bill is UTF-8, try encoding=utf-8."
                : string.Empty;
        return new ImportException(
            $"No WeChat Pay bill header was found in the first {HeaderSearchRows} rows of the {reader.Description}: looked for the personal bill's "
            + "交易时间, 交易类型, 收/支, 金额(元); the 交易账单's 交易时间, 微信订单号, 商户订单号, 交易状态, 应结订单金额; or the 资金账单's 记账时间, "
            + $"资金流水单号, 收支类型, 收支金额（元）.{hint}", line);
    }
}
