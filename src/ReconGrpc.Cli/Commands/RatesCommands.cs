using System.CommandLine;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon rates …</c>: exchange rates into the base currency (汇率) the server keeps for matching across currencies.</summary>
public static class RatesCommands
{
    public sealed record RateJson(string Currency, string? Date, string? Rate, string BaseCurrency, string RecordedBy, string? RecordedFor, DateTimeOffset? RecordTime);

    public static Command Create(CliSessionFactory sessions)
    {
        var rates = new Command("rates", "Exchange rates into the base currency (汇率), for rules that match across currencies and their exchange differences");
        rates.Subcommands.Add(Set(sessions));
        rates.Subcommands.Add(List(sessions));
        return rates;
    }

    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    private static Command Set(CliSessionFactory sessions)
    {
        var given = new Argument<string[]>("rates")
        {
            Description = "Triples of currency, date the rate applies from and base-currency units per unit: USD 2026-03-01 7.1032 [EUR 2026-03-01 7.8011 ...]",
            Arity = ArgumentArity.OneOrMore,
        };
        var set = new Command("set", "Record exchange rates (accountant); a rate for a currency and date already kept is replaced") { given };
        set.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var words = parsed.GetValue(given)!;
            if (words.Length % 3 != 0)
            {
                throw new CliUsageException($"Give each rate as three words, currency, date and rate (USD 2026-03-01 7.1032); {words.Length} words were given.");
            }

            var request = new SetExchangeRatesRequest();
            for (var i = 0; i < words.Length; i += 3)
            {
                var which = $"rate {i / 3 + 1} ({words[i]})";
                request.Rates.Add(new ExchangeRate
                {
                    Currency = words[i].Trim(),
                    Date = ReconFormat.ToDate(words[i + 1], $"the date of {which}"),
                    Rate = new DecimalValue { Value = CliInput.Amount(words[i + 2], $"the rate of {which}") },
                });
            }

            var response = await Client(session).SetExchangeRatesAsync(request, session.Call(ct));
            await WriteAsync(session, response.Rates, response.BaseCurrency, $"{response.Rates.Count} rate(s) kept, in {response.BaseCurrency} per unit.");
        }));
        return set;
    }

    private static Command List(CliSessionFactory sessions)
    {
        var currency = new Option<string?>("--currency") { Description = "Only this currency's rates, e.g. USD" };
        var from = new Option<string?>("--from") { Description = "Only rates dated on or after this day" };
        var to = new Option<string?>("--to") { Description = "Only rates dated on or before this day" };
        var list = new Command("list", "List the exchange rates kept, by currency then date") { currency, from, to };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ListExchangeRatesAsync(new ListExchangeRatesRequest
            {
                Currency = parsed.GetValue(currency) ?? "",
                FromDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                ToDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
            }, session.Call(ct));
            await WriteAsync(session, response.Rates, response.BaseCurrency,
                response.Rates.Count == 0 ? "No exchange rates kept; record them with 'recon rates set USD 2026-03-01 7.1032'." : $"Base currency {response.BaseCurrency}.");
        }));
        return list;
    }

    private static async Task WriteAsync(CliSession session, IEnumerable<ExchangeRate> rates, string baseCurrency, string footer)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(rates.Select(r => new RateJson(r.Currency, ReconFormat.Text(r.Date), r.Rate?.Value, baseCurrency, r.RecordedBy,
                ReconFormat.Empty(r.RecordedFor), ReconFormat.Time(r.RecordTime))).ToList());
            return;
        }

        var table = new Table().AddColumns("currency", "from", $"rate ({Markup.Escape(baseCurrency)} per unit)", "recorded by", "recorded");
        foreach (var r in rates)
        {
            table.AddRow(Markup.Escape(r.Currency), ReconFormat.Text(r.Date) ?? "", r.Rate?.Value ?? "",
                Markup.Escape(ReconFormat.KeyAndPerson(r.RecordedBy, r.RecordedFor)), ReconFormat.TimeText(r.RecordTime));
        }

        session.Console.Write(table);
        await session.Out.WriteLineAsync(footer);
    }
}
