using System.CommandLine;
using EdgeMargin.Serving;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>serve</c>: runs the EdgeMargin gateway (epoch-batched GOA decisions, OpenAI pass-through, metrics) until Ctrl+C.</summary>
internal static class ServeCommand
{
    internal static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback only), e.g. http://127.0.0.1:5080. Port 0 picks a free port.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var config = new Option<string?>("--config") { Description = "Gateway JSON config (servers, epochWindowMs, limits, tau, engine, parameters; see docs/serving.md). Default: the paper's 4 servers without backends." };
        var command = new Command("serve", "Run the offloading gateway: POST /v1/offload/decide, /v1/chat/completions, /v1/completions, GET /healthz, /metrics.")
        {
            urls, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            string listen = parse.GetValue(urls)!;
            foreach (string url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!LoopbackUrls.IsLoopback(url, out string why)) throw new UsageException($"--urls: {why}");
            GatewayOptions options;
            try { options = parse.GetValue(config) is string path ? GatewayConfig.Load(path) : GatewayOptions.Default; }
            catch (GatewayConfigException ex) { throw new UsageException(ex.Message); }

            await using var gateway = CreateGateway(options, listen);
            try { await gateway.StartAsync(ct); }
            catch (IOException ex) { throw new UsageException($"--urls: cannot listen on {listen}: {ex.Message} Pick another port."); }
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"EdgeMargin gateway listening on {string.Join(", ", gateway.Addresses)}");
            await output.WriteLineAsync($"  servers: {string.Join(", ", options.ToEdgeServers().Select(s => s.Id))}; epoch window {options.EpochWindowMs} ms, max batch {options.MaxBatchSize}, " +
                $"max pending {options.MaxPendingRequests}, policy {gateway.PolicyName}, tau {options.Tau}, signal {options.Signal}, engine {gateway.EngineName}, mode {options.EffectiveParameters.Mode.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync("  Ctrl+C stops it.");
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            await output.WriteLineAsync($"stopping; {gateway.Metrics.Decisions.Get("local") + gateway.Metrics.Decisions.Get("offload")} decisions served.");
            return 0;
        });
        return command;
    }

    private static Gateway CreateGateway(GatewayOptions options, string urls)
    {
        try { return Gateway.Create(options, urls); }
        catch (GatewayConfigException ex) { throw new UsageException(ex.Message); }
    }
}
