using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMargin.Serving;
using EdgeMargin.Serving.Load;
using Spectre.Console;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>loadtest</c>: bounded, loopback-only load on a running gateway's decide endpoint.</summary>
internal static class LoadTestCommand
{
    internal static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Gateway base URL (loopback only), e.g. http://127.0.0.1:5080.", Required = true };
        var users = new Option<int>("--users") { Description = $"Concurrent virtual devices, each with one request in flight (1..{LoadTestOptions.MaxUsers}).", DefaultValueFactory = _ => 64 };
        var rate = new Option<double>("--rate") { Description = "Target total decide requests per second.", DefaultValueFactory = _ => 5000 };
        var duration = new Option<double>("--duration") { Description = $"Seconds to send (at most {LoadTestOptions.MaxDurationS}).", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic devices.", DefaultValueFactory = _ => 42UL };
        var deadline = new Option<double>("--deadline-ms") { Description = "Client deadline per decision; past it the device would answer locally.", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (no progress display)." };
        var command = new Command("loadtest", "Load a running gateway's decide endpoint; reports throughput, p50/p99 decision latency, errors and fallbacks.")
        {
            url, users, rate, duration, seed, deadline, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            string target = parse.GetValue(url)!;
            if (!LoopbackUrls.IsLoopback(target, out string why)) throw new UsageException($"--url: {why} The load generator only targets this machine.");
            var options = new LoadTestOptions
            {
                Url = new Uri(target),
                Users = parse.GetValue(users),
                Rate = parse.GetValue(rate),
                DurationS = parse.GetValue(duration),
                Seed = parse.GetValue(seed),
                DecideDeadline = TimeSpan.FromMilliseconds(parse.GetValue(deadline)),
            };
            var problems = options.Validate();
            if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));
            bool asJson = parse.GetValue(json);
            var output = parse.InvocationConfiguration.Output;

            LoadTestReport report;
            try
            {
                if (asJson) report = await LoadGenerator.RunAsync(options, null, ct);
                else
                {
                    report = null!;
                    await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                        .StartAsync(async context =>
                        {
                            var task = context.AddTask($"loadtest {options.Users} devices @ {options.Rate:0} req/s", maxValue: options.DurationS);
                            var progress = new Progress<(long Decided, TimeSpan Elapsed)>(p =>
                            {
                                task.Value = Math.Min(options.DurationS, p.Elapsed.TotalSeconds);
                                task.Description = $"loadtest: {p.Decided} decisions";
                            });
                            report = await LoadGenerator.RunAsync(options, progress, ct);
                            task.Value = options.DurationS;
                        });
                }
            }
            catch (HttpRequestException ex) { throw new UsageException(ex.Message); }

            if (asJson) await output.WriteLineAsync(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            else await output.WriteLineAsync(Format(report));
            return 0;
        });
        return command;
    }

    internal static string Format(LoadTestReport r)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
            string.Create(c, $"target      {r.Url}  users={r.Users}  rate={r.TargetRate:0}/s  duration={r.DurationS:0.##} s (elapsed {r.ElapsedS:0.00} s)"),
            string.Create(c, $"sent        {r.Sent}"),
            string.Create(c, $"decided     {r.Decided}  (local {r.Local}, offload {r.Offload})  in {r.Epochs} epochs, mean {r.MeanEpochSize:0.0} per epoch"),
            string.Create(c, $"throughput  {r.ThroughputPerS:0} decisions/s"),
            string.Create(c, $"latency ms  p50 {r.LatencyP50Ms:0.00}  p90 {r.LatencyP90Ms:0.00}  p99 {r.LatencyP99Ms:0.00}  max {r.LatencyMaxMs:0.00}  mean {r.LatencyMeanMs:0.00}  (epoch window included)"),
            string.Create(c, $"failures    rejected {r.Rejected}  errors {r.Errors}  timed out {r.TimedOut}  => fallbacks {r.Fallbacks}"))
            + (r.SampleFailures.Count > 0 ? Environment.NewLine + "  e.g. " + string.Join(Environment.NewLine + "  e.g. ", r.SampleFailures) : "");
    }
}
