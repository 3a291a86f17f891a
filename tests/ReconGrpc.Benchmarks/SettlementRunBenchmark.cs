using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using M = ReconGrpc.Matching.Settlement;
using Purpose = ReconGrpc.Matching.LinePurpose;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// 三方对账 through a real server process on SQLite: a month (2026-03) of N shop orders against the payment platform's
/// bill (a sale and a fee per settled order, refunds, daily payouts) and the bank statement that receives the payouts,
/// imported with the template adapter as a user would (timed apart, not part of the target). After a warm-up run on a
/// small month of its own statements, RunSettlement is timed from the call to its last streamed event, best of two,
/// the server's peak resident memory reset before each; the totals must equal what was planted. The matcher alone on
/// the same data in this process is the baseline.
/// </summary>
internal static class SettlementRunBenchmark
{
    private const int WarmUpSize = 5_000;
    private const int Seed = 20_260_301;
    private const string Platform = "ALIPAY";
    private const string PlatformName = "支付宝（中国）网络技术有限公司";

    private static readonly DateOnly Start = new(2026, 3, 1);
    private static readonly DateOnly End = new(2026, 3, 31);

    public static async Task<int> RunAsync(int size)
    {
        var month = ShopMonth.Generate(size, Seed, "T");
        var warmUpMonth = ShopMonth.Generate(WarmUpSize, Seed + 1, "W");
        var x = month.Expected;
        Console.WriteLine($"month {Start:yyyy-MM}: {month.Orders.Length:N0} orders, {month.Bill.Count:N0} bill lines (of them {x.Figures.PayoutCount} payouts), " +
                          $"{month.Bank.Count:N0} bank lines; planted: {x.Figures.Open:N0} never settled, {x.Figures.Refunded:N0} refunded in full, " +
                          $"{x.PartialRefunds:N0} partly refunded, {x.LateRefunds:N0} refunds after month end, {x.DuplicateFees:N0} fees charged twice, " +
                          $"{x.Figures.SettledAfterPeriod:N0} settled after month end, 1 payout in transit");

        // Baseline: the matcher alone, in this process, on the same data as the server reads it.
        var matcher = MatcherAlone(month, warmUpMonth);

        var folder = Directory.CreateTempSubdirectory("recon-settlement-bench-").FullName;
        var files = month.Write(folder, "month");
        var warmUpFiles = warmUpMonth.Write(folder, "warm-up");
        using var server = ImportBenchmark.StartServer(folder, out var address, out var key);
        try
        {
            using var connection = ImportBenchmark.Connect(address, key);
            var invoker = connection.Invoker;
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            await new CategoryService.CategoryServiceClient(invoker).CreateCategoryAsync(new CreateCategoryRequest { Code = "90", Name = "电商平台" });
            await new CustomerService.CustomerServiceClient(invoker).CreateCustomerAsync(new CreateCustomerRequest
            {
                Fields = new CustomerFields { Code = Platform, Name = PlatformName, CategoryCode = "90" },
            });

            var imports = new ImportService.ImportServiceClient(invoker);
            var warmUpStatements = await ImportAsync(server, imports, warmUpFiles, "warm-up", quiet: true);
            var statements = await ImportAsync(server, imports, files, "month", quiet: false);

            var platform = new PlatformService.PlatformServiceClient(invoker);
            var warmed = await TimeRunAsync(platform, warmUpStatements, server.Id);
            await CheckAsync(platform, warmed.Run, warmUpMonth.Expected, "warm-up run");
            Console.WriteLine($"warm-up run ({WarmUpSize:N0} orders of statements of their own): {warmed.Elapsed.TotalSeconds:F2} s (not part of the measurement)");

            Console.WriteLine($"RunSettlement over {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}, from the call to the last streamed event (server pid {server.Id}):");
            var runs = new List<(Timed Run, long Peak)>();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                // Each run's own peak: writing 5 to clear_refs sets VmHWM to what the server holds now.
                await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5");
                var held = BankRunBenchmark.ResidentMegabytes(server.Id);
                server.Refresh();
                var cpu = server.TotalProcessorTime;
                var run = await TimeRunAsync(platform, statements, server.Id);
                server.Refresh();
                cpu = server.TotalProcessorTime - cpu;
                var peak = ImportBenchmark.PeakResidentMegabytes(server.Id);
                runs.Add((run, peak));
                Console.WriteLine($"  run {attempt + 1}: {run.Elapsed.TotalSeconds,6:F2} s  {run.Run?.Status}, {run.Run?.Items:N0} items stored, {run.Run?.Exceptions:N0} exceptions; " +
                                  $"{run.PhaseText()}; server CPU {cpu.TotalSeconds:F1} s; server resident {held:N0} MB before, peak {peak:N0} MB");
                await CheckAsync(platform, run.Run, x, $"run {attempt + 1}");
            }

            var (best, bestPeak) = runs.MinBy(r => r.Run.Elapsed);
            var maxPeak = runs.Max(r => r.Peak);
            var ratio = best.Elapsed / matcher;
            Console.WriteLine($"best of two: {best.Elapsed.TotalSeconds:F2} s end to end ({best.PhaseText()}); matcher alone {matcher.TotalSeconds:F2} s; " +
                              $"ratio end to end / matcher alone {ratio:F1}×; server peak resident {maxPeak:N0} MB (the best run's {bestPeak:N0} MB)");
            var fast = best.Elapsed.TotalSeconds < 20;
            var lean = maxPeak < 1536;
            Console.WriteLine($"target: < 20 s {(fast ? "met" : "NOT met")}, < 1.5 GB server peak {(lean ? "met" : "NOT met")}");

            Console.WriteLine();
            Console.WriteLine($"`dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- settlement-run --size {size}` ({Environment.ProcessorCount} cores):");
            Console.WriteLine();
            Console.WriteLine("| N orders | bill / bank lines | import orders / bill / bank | run end to end (best of 2) | loaded / matched / stored at | matcher alone | ratio | server peak RSS | items stored |");
            Console.WriteLine("|---:|---:|---|---:|---|---:|---:|---:|---:|");
            Console.WriteLine($"| {size:N0} | {month.Bill.Count:N0} / {month.Bank.Count:N0} | {string.Join(" / ", statements.Seconds.Select(s => $"{s:F1} s"))} | " +
                              $"**{best.Elapsed.TotalSeconds:F2} s** | {string.Join(" / ", best.Phases.Select(p => $"{p.At.TotalSeconds:F1} s"))} | " +
                              $"{matcher.TotalSeconds:F2} s | {ratio:F1}× | {maxPeak:N0} MB | {best.Run?.Items:N0} |");
            return fast && lean ? 0 : 3;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>SettlementMatcher.Match on the month's items after one on the warm-up month: best of two, checked.</summary>
    private static TimeSpan MatcherAlone(ShopMonth month, ShopMonth warmUpMonth)
    {
        var (warmOrders, warmBill, warmBank) = warmUpMonth.Items();
        Check(M.SettlementMatcher.Match(warmOrders, warmBill, warmBank, new M.SettlementPeriod(Start, End)), warmUpMonth.Expected, "matcher warm-up");
        var (orders, bill, bank) = month.Items();
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var result = M.SettlementMatcher.Match(orders, bill, bank, new M.SettlementPeriod(Start, End));
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
            Check(result, month.Expected, "matcher alone");
            Console.WriteLine($"baseline — SettlementMatcher.Match alone in memory: {watch.Elapsed.TotalSeconds:F2} s ({result.Items.Count:N0} items)");
        }

        return best;
    }

    private static void Check(M.SettlementResult result, Expected expected, string what)
    {
        var t = result.Totals.Single();
        var figures = new Figures(t.Orders, t.OrderAmount, t.Settled, t.Refunded, t.Open, t.SettledAfterPeriod, t.AmountDiffers, t.Sales, t.Refunds, t.Fees,
            t.FeeLines, t.Payouts, t.PayoutCount, t.PayoutsOnBank, t.InTransit, t.Exceptions);
        var outcomes = result.Items.Where(i => M.SettlementOutcomes.IsException(i.Outcome)).CountBy(i => (SettlementOutcome)(int)i.Outcome).ToDictionary();
        Require(what, figures, result.Items.Count, outcomes, expected);
    }

    /// <summary>The completed run's totals against what was planted, and its exceptions counted by outcome (read after the timing).</summary>
    private static async Task CheckAsync(PlatformService.PlatformServiceClient platform, SettlementRun? run, Expected expected, string what)
    {
        if (run is not { Status: SettlementRunStatus.Completed })
        {
            throw new InvalidOperationException($"{what}: the run did not complete: {run?.Status} {run?.Failure}");
        }

        var t = run.Totals.Single();
        static decimal D(DecimalValue? v) => v is null || v.Value.Length == 0 ? 0m : decimal.Parse(v.Value, CultureInfo.InvariantCulture);
        var figures = new Figures(t.Orders, D(t.OrderAmount), t.Settled, t.Refunded, t.Open, t.SettledAfterPeriod, t.AmountDiffers, D(t.Sales), D(t.Refunds),
            D(t.Fees), t.FeeLines, D(t.Payouts), t.PayoutCount, D(t.PayoutsOnBank), D(t.InTransit), t.Exceptions);
        var outcomes = new Dictionary<SettlementOutcome, int>();
        var request = new ListSettlementItemsRequest { RunId = run.Id, ExceptionsOnly = true, PageSize = 1000 };
        do
        {
            var page = await platform.ListSettlementItemsAsync(request);
            foreach (var item in page.Items)
            {
                outcomes[item.Outcome] = outcomes.GetValueOrDefault(item.Outcome) + 1;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Require(what, figures, run.Items, outcomes, expected);
    }

    private static void Require(string what, Figures figures, int items, Dictionary<SettlementOutcome, int> exceptions, Expected expected)
    {
        var wanted = new Dictionary<SettlementOutcome, int>
        {
            [SettlementOutcome.Open] = expected.Figures.Open,
            [SettlementOutcome.DuplicateFee] = expected.DuplicateFees,
            [SettlementOutcome.RefundAfterPeriod] = expected.LateRefunds,
            [SettlementOutcome.InTransit] = 1,
        };
        var problems = new List<string>();
        if (figures != expected.Figures)
        {
            problems.Add($"totals {figures} but planted {expected.Figures}");
        }

        if (items != expected.Items)
        {
            problems.Add($"{items:N0} items but planted {expected.Items:N0}");
        }

        foreach (var outcome in wanted.Keys.Union(exceptions.Keys))
        {
            if (exceptions.GetValueOrDefault(outcome) != wanted.GetValueOrDefault(outcome))
            {
                problems.Add($"{exceptions.GetValueOrDefault(outcome):N0} exceptions {outcome} but planted {wanted.GetValueOrDefault(outcome):N0}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{what} does not find what was planted:\n  " + string.Join("\n  ", problems));
        }
    }

    private sealed record Statements(long Orders, long Bill, long Bank, double[] Seconds);

    /// <summary>The three files through the real ImportService with the template adapter, as the fixture month is imported.</summary>
    private static async Task<Statements> ImportAsync(Process server, ImportService.ImportServiceClient imports, (string Orders, string Bill, string Bank) files,
        string name, bool quiet)
    {
        var ids = new long[3];
        var seconds = new double[3];
        var parts = new[] { (files.Orders, "orders", StatementKind.ShopOrders), (files.Bill, "statement", StatementKind.PlatformBill), (files.Bank, "statement", StatementKind.BankStatement) };
        for (var p = 0; p < parts.Length; p++)
        {
            var (file, kind, statementKind) = parts[p];
            await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5");
            var watch = Stopwatch.StartNew();
            var batch = await ImportBenchmark.UploadAsync(imports, file, new ImportHeader
            {
                AdapterId = "template",
                FileName = Path.GetFileName(file),
                Options = { ["kind"] = kind },
                Target = new ImportTarget { StatementName = Path.GetFileNameWithoutExtension(file), StatementKind = statementKind },
            });
            seconds[p] = watch.Elapsed.TotalSeconds;
            if (batch.Rejected != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)}: {batch.Rejected:N0} rows rejected, e.g. {batch.Errors.FirstOrDefault()}");
            }

            ids[p] = batch.StatementId;
            if (!quiet)
            {
                Console.WriteLine($"imported {Path.GetFileName(file)} ({new FileInfo(file).Length / (1024.0 * 1024):F1} MiB) as {statementKind}: {batch.Imported:N0} rows in " +
                                  $"{seconds[p]:F2} s ({batch.Imported / seconds[p]:N0} rows/s), server peak {ImportBenchmark.PeakResidentMegabytes(server.Id):N0} MB (not part of the target)");
            }
        }

        return new Statements(ids[0], ids[1], ids[2], seconds);
    }

    /// <param name="Phases">Each progress event: when it arrived, and the server's largest resident memory sampled since the one before.</param>
    private sealed record Timed(TimeSpan Elapsed, SettlementRun? Run, List<(string Phase, TimeSpan At, (long All, long Anonymous) Megabytes)> Phases)
    {
        /// <summary>When each progress event arrived, how long the run spent getting there from the one before, and the memory it took.</summary>
        public string PhaseText()
        {
            var text = new StringBuilder();
            var previous = TimeSpan.Zero;
            foreach (var (phase, at, megabytes) in Phases)
            {
                text.Append(text.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture,
                    $"{phase} at {at.TotalSeconds:F2} s (+{(at - previous).TotalSeconds:F2}, ≤ {megabytes.All:N0} MB, heap ≤ {megabytes.Anonymous:N0} MB)");
                previous = at;
            }

            return text.Append(CultureInfo.InvariantCulture, $", completed at {Elapsed.TotalSeconds:F2} s (+{(Elapsed - previous).TotalSeconds:F2})").ToString();
        }
    }

    /// <summary>
    /// The server's resident memory sampled every 50 ms: the largest since it was last taken, in all and of it the
    /// anonymous part (the heap; the rest is mostly the database file's pages, which SQLite maps into the process).
    /// </summary>
    private sealed class ResidentSampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _max;
        private long _maxAnonymous;

        public ResidentSampler(int pid) => _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                do
                {
                    var (all, anonymous) = Resident(pid);
                    Raise(ref _max, all);
                    Raise(ref _maxAnonymous, anonymous);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });

        /// <summary>The largest sample since the last call; the next phase starts from what the server holds now.</summary>
        public (long All, long Anonymous) Take(int pid)
        {
            var (all, anonymous) = Resident(pid);
            return (Math.Max(Interlocked.Exchange(ref _max, all), all), Math.Max(Interlocked.Exchange(ref _maxAnonymous, anonymous), anonymous));
        }

        private static void Raise(ref long max, long now)
        {
            long seen;
            while (now > (seen = Interlocked.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen)
            {
            }
        }

        /// <summary>VmRSS and RssAnon in MB.</summary>
        private static (long All, long Anonymous) Resident(int pid)
        {
            long all = 0, anonymous = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal) || line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    var megabytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
                    (line[0] == 'V' ? ref all : ref anonymous) = megabytes;
                }
            }

            return (all, anonymous);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }

    /// <summary>One RunSettlement of the month, from the call to its last streamed event.</summary>
    private static async Task<Timed> TimeRunAsync(PlatformService.PlatformServiceClient platform, Statements statements, int pid)
    {
        var phases = new List<(string, TimeSpan, (long, long))>();
        await using var sampler = new ResidentSampler(pid);
        SettlementRun? completed = null;
        var watch = Stopwatch.StartNew();
        using var call = platform.RunSettlement(new RunSettlementRequest
        {
            OrdersStatementId = statements.Orders,
            BillStatementId = statements.Bill,
            BankStatementId = statements.Bank,
            StartDate = new Date { Year = Start.Year, Month = Start.Month, Day = Start.Day },
            EndDate = new Date { Year = End.Year, Month = End.Month, Day = End.Day },
            CustomerCode = Platform,
        }, deadline: DateTime.UtcNow.AddMinutes(30));
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            switch (response.EventCase)
            {
                case RunSettlementResponse.EventOneofCase.Progress:
                    phases.Add((response.Progress.Phase, watch.Elapsed, sampler.Take(pid)));
                    break;
                case RunSettlementResponse.EventOneofCase.Completed:
                    completed = response.Completed;
                    break;
            }
        }

        return new Timed(watch.Elapsed, completed, phases);
    }

    /// <summary>The figures of one currency's totals, as the server and the matcher give them.</summary>
    private sealed record Figures(int Orders, decimal OrderAmount, int Settled, int Refunded, int Open, int SettledAfterPeriod, int AmountDiffers,
        decimal Sales, decimal Refunds, decimal Fees, int FeeLines, decimal Payouts, int PayoutCount, decimal PayoutsOnBank, decimal InTransit, int Exceptions);

    /// <summary>What the generated month must give: its totals, the exceptions planted and the items a run stores.</summary>
    private sealed record Expected(Figures Figures, int DuplicateFees, int LateRefunds, int PartialRefunds, int Items);

    private readonly record struct Order(string Number, DateOnly Date, decimal Amount, decimal? Refunded, string Status);

    /// <summary>A bill line in the platform's sign (money into the platform account positive); Order is -1 for a payout.</summary>
    private readonly record struct BillLine(DateOnly Date, Purpose Purpose, int Order, decimal Amount, string Text);

    private readonly record struct BankLine(DateOnly Date, decimal Amount, string Payer, string Account, string Text, bool FromPlatform);

    /// <summary>
    /// A generated month: N orders spread evenly over it, each settled on the bill 1–2 days later (a 交易 line and a
    /// 服务费 line) except ~0.1% never settled; ~0.5% refunded in full and ~0.5% in part within the month (退款金额
    /// set), ~0.02% refunded in full after month end (not in the export, as the fixture's T1007), ~0.02% charged their
    /// fee twice; a 提现 payout of each day's net; the bank's credit of each payout a day later, except the last day's
    /// (in transit), among 3,000 unrelated lines. Deterministic: a fixed seed and month.
    /// </summary>
    private sealed class ShopMonth
    {
        private const int UnrelatedBankLines = 3_000;
        private static readonly string[] Companies = [.. Enumerable.Range(1, 40).Select(i => $"华东往来{i:D2}贸易有限公司")];
        private static readonly (string Payee, string Text)[] Expenses = [("杭州电力", "电费"), ("国家税务总局杭州市税务局", "税款"), ("员工工资户", "工资"), ("顺丰速运有限公司", "运费"), ("杭州房产租赁有限公司", "房租")];

        public required Order[] Orders { get; init; }

        /// <summary>In file order: by date, then as generated; each day's payout last.</summary>
        public required List<BillLine> Bill { get; init; }

        public required List<BankLine> Bank { get; init; }

        public required Expected Expected { get; init; }

        public static ShopMonth Generate(int size, int seed, string prefix)
        {
            var random = new Random(seed);
            var orders = new Order[size];
            var days = (End.DayNumber - Start.DayNumber + 1) + 12;
            var byDay = Enumerable.Range(0, days).Select(_ => new List<BillLine>()).ToArray();
            int settled = 0, refunded = 0, open = 0, after = 0, partial = 0, late = 0, duplicates = 0;
            decimal orderAmount = 0;
            for (var i = 0; i < size; i++)
            {
                var date = Start.AddDays((int)((long)i * 31 / size));
                var amount = random.Next(1_000, 100_000) / 100m;
                var fee = Math.Max(0.01m, Math.Round(amount * 0.006m, 2, MidpointRounding.AwayFromZero));
                var settle = date.AddDays(1 + random.Next(2));
                var draw = random.Next(100_000);
                var refundDay = settle.AddDays(1 + random.Next(3));
                var share = random.Next(10, 90) / 100m;
                var number = $"{prefix}{10_000_000 + i}";
                orderAmount += amount;
                void Add(DateOnly day, Purpose purpose, decimal signed, string text) => byDay[day.DayNumber - Start.DayNumber].Add(new BillLine(day, purpose, i, signed, text));

                if (draw < 100)
                {
                    orders[i] = new Order(number, date, amount, null, "卖家已发货");
                    open++;
                    continue;
                }

                Add(settle, Purpose.Sale, amount, "货款");
                Add(settle, Purpose.Fee, -fee, "交易服务费");
                if (settle > End)
                {
                    orders[i] = new Order(number, date, amount, null, "交易成功");
                    after++;
                }
                else if (draw < 600 && refundDay <= End)
                {
                    Add(refundDay, Purpose.Refund, -amount, "全额退款");
                    orders[i] = new Order(number, date, amount, amount, "交易关闭(退款成功)");
                    refunded++;
                }
                else if (draw is >= 600 and < 1_100 && refundDay <= End)
                {
                    var part = Math.Round(amount * share, 2);
                    Add(refundDay, Purpose.Refund, -part, "部分退款");
                    orders[i] = new Order(number, date, amount, part, "交易成功(部分退款)");
                    partial++;
                    settled++;
                }
                else if (draw is >= 1_100 and < 1_120)
                {
                    Add(End.AddDays(1 + random.Next(10)), Purpose.Refund, -amount, "退款");
                    orders[i] = new Order(number, date, amount, null, "交易成功");
                    late++;
                    settled++;
                }
                else
                {
                    if (draw is >= 1_120 and < 1_140)
                    {
                        Add(settle.AddDays(1), Purpose.Fee, -fee, "交易服务费");
                        duplicates++;
                    }

                    orders[i] = new Order(number, date, amount, null, "交易成功");
                    settled++;
                }
            }

            // Each day of the month with lines ends with a payout of its net; the bank books it a day later, the last
            // day's not within the statement (in transit).
            var bill = new List<BillLine>(byDay.Sum(d => d.Count) + 31);
            var payouts = new List<(DateOnly Date, decimal Amount)>();
            decimal sales = 0, refunds = 0, fees = 0;
            var feeLines = 0;
            foreach (var day in byDay)
            {
                bill.AddRange(day);
                if (day.Count == 0 || day[0].Date > End)
                {
                    continue;
                }

                var net = day.Sum(l => l.Amount);
                sales += day.Where(l => l.Purpose == Purpose.Sale).Sum(l => l.Amount);
                refunds += day.Where(l => l.Purpose == Purpose.Refund).Sum(l => l.Amount);
                fees += day.Where(l => l.Purpose == Purpose.Fee).Sum(l => l.Amount);
                feeLines += day.Count(l => l.Purpose == Purpose.Fee);
                bill.Add(new BillLine(day[0].Date, Purpose.Payout, -1, -net, "提现到招商银行(尾号8888)"));
                payouts.Add((day[0].Date, net));
            }

            var bankByDay = Enumerable.Range(0, 31).Select(_ => new List<BankLine>()).ToArray();
            foreach (var (date, amount) in payouts.SkipLast(1))
            {
                bankByDay[date.AddDays(1).DayNumber - Start.DayNumber].Add(new BankLine(date.AddDays(1), amount, PlatformName, "2088 0000 0000", "提现", true));
            }

            for (var k = 0; k < UnrelatedBankLines; k++)
            {
                var day = random.Next(31);
                var date = Start.AddDays(day);
                // Customers' payments in whole hundreds: never a payout's sum, which has cents.
                if (random.Next(2) == 0)
                {
                    bankByDay[day].Add(new BankLine(date, random.Next(1, 500) * 100m, Companies[random.Next(Companies.Length)], $"6222 0000 {random.Next(10_000):D4}", "货款", false));
                }
                else
                {
                    var (payee, text) = Expenses[random.Next(Expenses.Length)];
                    bankByDay[day].Add(new BankLine(date, -random.Next(100, 5_000_000) / 100m, payee, "", text, false));
                }
            }

            var figures = new Figures(size, orderAmount, settled, refunded, open, after, 0, sales, refunds, fees, feeLines, payouts.Sum(p => p.Amount), payouts.Count,
                payouts.SkipLast(1).Sum(p => p.Amount), payouts[^1].Amount, open + duplicates + late + 1);
            return new ShopMonth
            {
                Orders = orders,
                Bill = bill,
                Bank = [.. bankByDay.SelectMany(d => d)],
                Expected = new Expected(figures, duplicates, late, partial, size + duplicates + late + payouts.Count),
            };
        }

        /// <summary>The three template CSVs, as the fixture month's.</summary>
        public (string Orders, string Bill, string Bank) Write(string folder, string name)
        {
            var (ordersFile, billFile, bankFile) = (Path.Combine(folder, $"{name}-orders.csv"), Path.Combine(folder, $"{name}-bill.csv"), Path.Combine(folder, $"{name}-bank.csv"));
            using (var writer = new StreamWriter(ordersFile, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.WriteLine("订单号,订单日期,订单金额,退款金额,订单状态,客户名称");
                for (var i = 0; i < Orders.Length; i++)
                {
                    var o = Orders[i];
                    writer.WriteLine($"{o.Number},{Day(o.Date)},{Money(o.Amount)},{(o.Refunded is { } r ? Money(r) : "")},{o.Status},买家{i % 9973:D4}");
                }
            }

            using (var writer = new StreamWriter(billFile, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.WriteLine("日期,业务类型,单据号,金额,摘要,参考号");
                for (var b = 0; b < Bill.Count; b++)
                {
                    var l = Bill[b];
                    var type = l.Purpose switch { Purpose.Sale => "交易", Purpose.Refund => "退款", Purpose.Fee => "服务费", _ => "提现" };
                    writer.WriteLine($"{Day(l.Date)},{type},{(l.Order >= 0 ? Orders[l.Order].Number : "")},{Money(l.Amount)},{l.Text},{BillReference(b)}");
                }
            }

            using (var writer = new StreamWriter(bankFile, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.WriteLine("日期,金额,对方户名,对方账号,摘要,流水号");
                for (var k = 0; k < Bank.Count; k++)
                {
                    var l = Bank[k];
                    writer.WriteLine($"{Day(l.Date)},{Money(l.Amount)},{l.Payer},{l.Account},{l.Text},CMB{k:D7}");
                }
            }

            return (ordersFile, billFile, bankFile);
        }

        /// <summary>The items as the server's run reads them: ids in file order, which is date order; the bill in the platform's sign.</summary>
        public (List<M.OrderItem> Orders, List<M.BillItem> Bill, List<M.BankItem> Bank) Items()
        {
            var orders = Orders.Select((o, i) => new M.OrderItem(1 + i, o.Number, o.Date, o.Amount, o.Refunded, "CNY")).ToList();
            var bill = Bill.Select((l, b) => new M.BillItem(1 + Orders.Length + b, l.Date, l.Amount, l.Purpose, l.Order >= 0 ? Orders[l.Order].Number : null, null,
                BillReference(b), l.Text, "CNY")).ToList();
            var bank = Bank.Select((l, k) => new M.BankItem(1 + Orders.Length + Bill.Count + k, l.Date, l.Amount, null, l.Payer, l.FromPlatform, "CNY")).ToList();
            return (orders, bill, bank);
        }

        private static string BillReference(int b) => $"AP{b:D8}";

        private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
