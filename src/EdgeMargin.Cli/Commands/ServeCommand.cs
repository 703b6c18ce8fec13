using System.CommandLine;
using System.Runtime.InteropServices;
using EdgeMargin.Serving;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Hosting;

namespace EdgeMargin.Cli.Commands;

/// <summary>
/// <c>serve</c>: runs the EdgeMargin gateway (epoch-batched decisions, OpenAI pass-through, metrics) until SIGTERM or
/// Ctrl+C, then drains: no new requests, waiting decisions decided at once, requests in flight given the configured
/// grace period, every one answered, a report printed, exit 0.
/// </summary>
internal static class ServeCommand
{
    internal static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen: http or https URLs separated by ';', e.g. http://127.0.0.1:5080 or https://0.0.0.0:5443. Port 0 picks a free port. " +
                "An address other machines can reach must be https (tls in the config) and needs device keys (auth.keysFile). " +
                "The only way to set the gateway's endpoints: Kestrel__Endpoints__* and ASPNETCORE_URLS in the environment are ignored.",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var config = new Option<string?>("--config") { Description = "Gateway JSON config (servers, epochWindowMs, limits, tau, policy, engine, shutdownGraceS, parameters; see docs/serving.md). Default: the paper's 4 servers without backends." };
        var plain = new Option<bool>("--allow-plain-http")
        {
            Description = "Allow plain http on an address other machines can reach, for a TLS-terminating proxy in front. Prints a warning.",
        };
        var command = new DrainingCommand("serve", "Run the offloading gateway: POST /v1/offload/decide, /v1/chat/completions, /v1/completions, GET /healthz, /metrics.")
        {
            urls, config, plain, HashKeyCommand(),
        };
        command.SetAction(async (parse, ct) =>
        {
            string listen = parse.GetValue(urls)!;
            ListenEndpoint.Parse(listen, out var urlProblems);
            if (urlProblems.Count > 0) throw new UsageException($"--urls: {string.Join(" ", urlProblems)}");
            GatewayOptions options;
            try { options = parse.GetValue(config) is string path ? GatewayConfig.Load(path) : GatewayOptions.Default; }
            catch (GatewayConfigException ex) { throw new UsageException(Redaction.Redact(ex.Message)); }
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var ignored = ListenEndpoint.IgnoredEnvironment(Environment.GetEnvironmentVariables());
            if (ignored.Count > 0)
                await error.WriteLineAsync($"warning: ignoring {string.Join(", ", ignored)}: the gateway listens only where --urls says.");

            // Registered before starting, so a signal that comes early still drains rather than killing the process.
            var stop = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
            Gateway? running = null;
            void OnSignal(PosixSignalContext signal)
            {
                signal.Cancel = true;
                // A second signal ends the grace period at once: requests still running are answered 503 now.
                if (!stop.TrySetResult(signal.Signal)) running?.EndGracePeriod();
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            // SIGHUP reads the keys file and the certificate again (a change to those files does it by itself too).
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                running?.ReloadCredentials();
            });

            await using var gateway = CreateGateway(options, listen, error, parse.GetValue(plain));
            running = gateway;
            try { await gateway.StartAsync(ct); }
            catch (IOException ex) { throw new UsageException($"--urls: cannot listen on {listen}: {ex.Message} Pick another port."); }
            await output.WriteLineAsync($"EdgeMargin gateway listening on {string.Join(", ", gateway.Addresses)}");
            await output.WriteLineAsync($"  servers: {string.Join(", ", options.ToEdgeServers().Select(s => s.Id))}; epoch window {options.EpochWindowMs} ms, max batch {options.MaxBatchSize}, " +
                $"max pending {options.MaxPendingRequests}, policy {gateway.PolicyName}, tau {options.Tau}, signal {options.Signal}, engine {gateway.EngineName}, mode {options.EffectiveParameters.Mode.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync($"  Ctrl+C or SIGTERM stops it (drains for up to {options.ShutdownGraceS} s; a second signal ends the wait).");
            await output.FlushAsync(CancellationToken.None);
            foreach (string notice in gateway.StartNotices()) await error.WriteLineAsync(notice);
            await error.FlushAsync(CancellationToken.None);

            var signal = await stop.Task;
            await error.WriteLineAsync($"{(signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT")}: draining {gateway.InFlight} request(s) in flight, for up to {options.ShutdownGraceS} s.");
            var report = await gateway.StopAsync();
            await output.WriteLineAsync($"stopping; {report.DecisionsServed} decisions served.");
            await output.WriteLineAsync($"  drained in {report.Elapsed.TotalSeconds:0.###} s: {report.InFlightAtStop} request(s) in flight at the signal, " +
                $"{report.CutAtGrace} still running at the end of the grace period (answered 503 or cut).");
            await output.FlushAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    private static Gateway CreateGateway(GatewayOptions options, string urls, TextWriter error, bool allowPlainHttp)
    {
        try { return Gateway.Create(options, urls, new TextWriterLoggerProvider(error), allowPlainHttp: allowPlainHttp); }
        catch (GatewayConfigException ex) { throw new UsageException(Redaction.Redact(ex.Message)); }
    }

    /// <summary>
    /// <c>serve hash-key</c>: makes a new device or operator key and prints it with its SHA-256, or hashes a key read from
    /// standard input, so that only the hash goes into the keys file.
    /// </summary>
    private static Command HashKeyCommand()
    {
        var id = new Option<string>("--id") { Description = "Name of the key's owner for the keys file entry (shown in logs instead of the key).", DefaultValueFactory = _ => "device-1" };
        var stdin = new Option<bool>("--stdin") { Description = "Hash the key given on standard input (one line) instead of making a new one." };
        var command = new Command("hash-key", "Make a new API key (or hash one from stdin) and print the keys-file entry holding only its SHA-256.") { id, stdin };
        command.SetAction(async (parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string key;
            if (parse.GetValue(stdin))
            {
                key = (Console.In.ReadLine() ?? "").Trim();
                if (key.Length == 0) throw new UsageException("--stdin: no key on standard input; pipe one line, e.g. printf '%s' \"$KEY\" | edgemargin serve hash-key --stdin.");
                if (key.Length > EdgeMargin.Serving.Security.ApiKey.MaxLength) throw new UsageException($"--stdin: the key is longer than {EdgeMargin.Serving.Security.ApiKey.MaxLength} characters; the gateway would refuse it.");
            }
            else
            {
                key = EdgeMargin.Serving.Security.ApiKey.Create();
                await output.WriteLineAsync($"key (give it to the device; it is not stored anywhere): {key}");
            }
            string entry = System.Text.Json.JsonSerializer.Serialize(new { id = parse.GetValue(id), sha256 = EdgeMargin.Serving.Security.ApiKey.Hash(key) });
            await output.WriteLineAsync($"keys-file entry: {entry}");
            return 0;
        });
        return command;
    }
}
