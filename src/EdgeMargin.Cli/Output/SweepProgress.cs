using System.Diagnostics;
using System.Globalization;
using EdgeMargin.Experiments;
using Spectre.Console;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// Runs the sweeps of one invocation in order and shows progress on stderr, never stdout (stdout carries results and
/// can be piped): a live bar on a terminal, a line per tenth of the work otherwise (CI logs, files).
/// </summary>
internal static class SweepProgress
{
    /// <summary>Runs every planned sweep; <paramref name="stderr"/> null shows nothing (<c>--quiet</c>).</summary>
    public static async Task<IReadOnlyList<SweepPoint>> RunAsync(IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Values, SweepOptions Options)> plan,
        TextWriter? stderr, CancellationToken ct)
    {
        long total = plan.Sum(p => (long)ExperimentRunner.WorkItems(p.Options));
        var first = plan[0].Options;
        string label = $"{plan.Count} x {first.Users.Count} user counts x {first.Runs} runs x {first.Taus.Count} taus x {first.Policies.Count} policies ({first.Workload.Name})";
        if (stderr is null) return await RunAllAsync(plan, null, ct);
        if (ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected)
        {
            IReadOnlyList<SweepPoint>? points = null;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: total);
                    points = await RunAllAsync(plan, new Counter(v => task.Increment(v)), ct);
                });
            return points!;
        }
        await stderr.WriteLineAsync($"simulate: {label}");
        var clock = Stopwatch.StartNew();
        long done = 0, nextTenth = 1;
        var gate = new Lock();
        var result = await RunAllAsync(plan, new Counter(v =>
        {
            long now = Interlocked.Add(ref done, v);
            lock (gate)
            {
                while (nextTenth <= 10 && now * 10 >= nextTenth * total)
                {
                    stderr.WriteLine($"simulate: {nextTenth * 10} % ({clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
                    nextTenth++;
                }
            }
        }), ct);
        return result;
    }

    private static Task<IReadOnlyList<SweepPoint>> RunAllAsync(IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Values, SweepOptions Options)> plan,
        IProgress<int>? progress, CancellationToken ct) => Task.Run(() =>
        {
            var points = new List<SweepPoint>(plan.Count);
            foreach (var (values, options) in plan) points.Add(new SweepPoint(values, ExperimentRunner.Run(options, progress, ct)));
            return (IReadOnlyList<SweepPoint>)points;
        }, ct);

    /// <summary>Worker threads report finished runs; the action serialises what it must itself.</summary>
    private sealed class Counter(Action<int> report) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate) report(value);
        }
    }
}
