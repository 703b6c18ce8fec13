using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EdgeMargin.Serving.Tests;

/// <summary>`edgemargin serve` and `edgemargin loadtest` as real processes, end to end on loopback.</summary>
public sealed class CommandTests
{
    /// <summary>The CLI built next to this test assembly in the artifacts tree (bin/EdgeMargin.Cli/&lt;config&gt;/).</summary>
    private static string CliDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string path = Path.Combine(here.Parent!.Parent!.FullName, "EdgeMargin.Cli", here.Name, "EdgeMargin.Cli.dll");
            Assert.True(File.Exists(path), $"the CLI is not built at {path}");
            return path;
        }
    }

    private static Process Start(params string[] args) => Start(null, args);

    private static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll);
        foreach (string a in args) info.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        return Process.Start(info)!;
    }

    /// <summary>Starts serve and returns its first listening URL (bounded wait for the banner).</summary>
    private static async Task<(Process Serve, string Url)> ServeAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var serve = Start(environment, ["serve", "--urls", "http://127.0.0.1:0", .. args]);
        string? first = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first?.StartsWith("EdgeMargin gateway listening on http://127.0.0.1:", StringComparison.Ordinal), first);
        // The rest of the banner, so that what follows on stdout is what the gateway printed at the end.
        for (int i = 0; i < 2; i++) await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (serve, first!["EdgeMargin gateway listening on ".Length..].Split(',')[0].Trim());
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { await client.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5)); return true; }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException) { return false; }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<string> WriteConfigAsync(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemargin-serve-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    [Fact]
    public async Task Endpoints_come_from_urls_alone_whatever_the_environment_says()
    {
        int kestrelPort = FreePort(), urlsPort = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{kestrelPort}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{urlsPort}",
        };
        var (serve, url) = await ServeAsync(environment);
        try
        {
            Assert.DoesNotContain($":{kestrelPort}", url);
            Assert.False(await ListensAsync(kestrelPort), "a Kestrel__Endpoints variable added a listener");
            Assert.False(await ListensAsync(urlsPort), "ASPNETCORE_URLS added a listener");
            Assert.True(await ListensAsync(new Uri(url).Port));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
        string errors = await serve.StandardError.ReadToEndAsync();
        Assert.Contains("ignoring ASPNETCORE_URLS, Kestrel__Endpoints__Http__Url", errors);
    }

    /// <summary>
    /// SIGTERM under load: every request in flight is answered (the prompts at a slow backend finish within the grace
    /// period, decisions waiting in an open epoch are decided at once), the gateway exits 0 and reports after draining.
    /// </summary>
    [SignalFact(Signals.Terminate)]
    public async Task Sigterm_under_load_answers_every_request_in_flight_exits_0_and_reports_after_draining()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Stall = TimeSpan.FromSeconds(2);
        string config = await WriteConfigAsync($$"""{ "servers": [ { "id": "es0", "baseUrl": "{{backend.BaseUrl}}" } ], "epochWindowMs": 10000, "shutdownGraceS": 30 }""");
        var (serve, url) = await ServeAsync(null, "--config", config);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            var prompts = Enumerable.Range(0, 20).Select(i => http.PostAsync("/v1/chat/completions",
                Json($$"""{"model":"m","messages":[{"role":"user","content":"q{{i}}"}]}"""))).ToArray();
            var decisions = Enumerable.Range(0, 5).Select(i => http.PostAsync("/v1/offload/decide",
                Json($$"""{"deviceId":"d{{i}}","uncertainty":0.9,"payloadBytes":400,"localComputeS":0.2,"channelGains":[1e-9]}"""))).ToArray();
            // Real time, bounded: the child process can only be watched from outside.
            for (int i = 0; i < 300 && backend.Requests < 20; i++) await Task.Delay(50);
            Assert.Equal(20, backend.Requests);
            await Task.Delay(300);
            Assert.Equal(0, await Signals.SendAsync(serve.Id, Signals.Terminate));

            var answered = await Task.WhenAll(prompts.Concat(decisions));
            Assert.All(answered, r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await serve.WaitForExitAsync(guard.Token);
            string output = await serve.StandardOutput.ReadToEndAsync();
            Assert.True(serve.ExitCode == 0, $"exit {serve.ExitCode}: {await serve.StandardError.ReadToEndAsync()}");
            Assert.Contains("stopping; 5 decisions served.", output);
            Assert.Contains("25 request(s) in flight at the signal, 0 still running", output);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            File.Delete(config);
        }
    }

    /// <summary>When the grace period ends first, the requests still at the backend are answered 503, not dropped.</summary>
    [SignalFact(Signals.Terminate)]
    public async Task Requests_still_running_when_the_grace_period_ends_are_answered_503()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Stall = TimeSpan.FromSeconds(60);
        string config = await WriteConfigAsync($$"""{ "servers": [ { "id": "es0", "baseUrl": "{{backend.BaseUrl}}" } ], "shutdownGraceS": 0.5 }""");
        var (serve, url) = await ServeAsync(null, "--config", config);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            var prompts = Enumerable.Range(0, 10).Select(i => http.PostAsync("/v1/chat/completions",
                Json($$"""{"model":"m","messages":[{"role":"user","content":"q{{i}}"}]}"""))).ToArray();
            for (int i = 0; i < 300 && backend.Requests < 10; i++) await Task.Delay(50);
            Assert.Equal(10, backend.Requests);
            Assert.Equal(0, await Signals.SendAsync(serve.Id, Signals.Terminate));
            foreach (var response in await Task.WhenAll(prompts))
            {
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Contains("grace period", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
            }
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await serve.WaitForExitAsync(guard.Token);
            Assert.Equal(0, serve.ExitCode);
            Assert.Contains("10 still running at the end of the grace period", await serve.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            File.Delete(config);
        }
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Serve_then_loadtest_reports_every_request()
    {
        using var serve = Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            string? first = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            Assert.StartsWith("EdgeMargin gateway listening on http://127.0.0.1:", first);
            string url = first!["EdgeMargin gateway listening on ".Length..].Split(',')[0].Trim();

            var (exit, output, error) = await RunAsync("loadtest", "--url", url, "--users", "4", "--rate", "200", "--duration", "1", "--deadline-ms", "20000", "--json");
            Assert.True(exit == 0, error);
            var report = JsonNode.Parse(output)!;
            long sent = report["sent"]!.GetValue<long>(), decided = report["decided"]!.GetValue<long>();
            Assert.True(decided > 0);
            Assert.Equal(sent, decided + report["fallbacks"]!.GetValue<long>());
            Assert.Equal(0, report["errors"]!.GetValue<long>());
            Assert.Equal(decided, report["local"]!.GetValue<long>() + report["offload"]!.GetValue<long>());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Ctrl+C (SIGINT) stops the gateway the way ServeCommand promises: it finishes, reports how many decisions it served
    /// and exits 0, rather than being torn down mid-answer.
    /// </summary>
    [SignalFact(Signals.Interrupt)]
    public Task Serve_stops_cleanly_on_ctrl_c() => StopsCleanlyOnAsync(Signals.Interrupt);

    /// <summary>The same for a service manager's SIGTERM.</summary>
    [SignalFact(Signals.Terminate)]
    public Task Serve_stops_cleanly_on_sigterm() => StopsCleanlyOnAsync(Signals.Terminate);

    private static async Task StopsCleanlyOnAsync(string signal)
    {
        using var serve = Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            string? first = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("EdgeMargin gateway listening on http://127.0.0.1:", first);
            string url = first!["EdgeMargin gateway listening on ".Length..].Split(',')[0].Trim();
            var (exit, output, error) = await RunAsync("loadtest", "--url", url, "--users", "2", "--rate", "50", "--duration", "1", "--deadline-ms", "20000", "--json");
            Assert.True(exit == 0, error);
            long decided = JsonNode.Parse(output)!["decided"]!.GetValue<long>();
            Assert.True(decided > 0);

            var rest = serve.StandardOutput.ReadToEndAsync();
            var errors = serve.StandardError.ReadToEndAsync();
            Assert.Equal(0, await Signals.SendAsync(serve.Id, signal));
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await serve.WaitForExitAsync(guard.Token);
            Assert.True(serve.ExitCode == 0, $"exit {serve.ExitCode}: {await errors}");
            Assert.Contains($"stopping; {decided} decisions served.", await rest);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Hash_key_makes_a_key_and_the_entry_that_holds_only_its_sha256()
    {
        var (exit, output, error) = await RunAsync("serve", "hash-key", "--id", "phones-eu");
        Assert.True(exit == 0, error);
        string key = output.Split('\n')[0].Split(": ")[1].Trim();
        Assert.StartsWith(Security.ApiKey.Prefix, key);
        var entry = JsonNode.Parse(output.Split("keys-file entry: ")[1])!;
        Assert.Equal("phones-eu", entry["id"]!.GetValue<string>());
        Assert.Equal(Security.ApiKey.Hash(key), entry["sha256"]!.GetValue<string>());
    }

    [SignalFact(Signals.HangUp)]
    public async Task Sighup_reads_the_keys_file_again_and_the_gateway_keeps_serving()
    {
        using var files = new TestCredentials();
        string first = Security.ApiKey.Create(), second = Security.ApiKey.Create();
        string keys = files.WriteKeys([TestCredentials.Entry("first", first)]);
        string config = await WriteConfigAsync($$$"""{"servers": [{"id": "es0"}], "epochWindowMs": 0, "auth": {"keysFile": "{{{keys}}}"}}""");
        var (serve, url) = await ServeAsync(null, "--config", config);
        try
        {
            var errors = new System.Collections.Concurrent.BlockingCollection<string>();
            _ = Task.Run(async () => { while (await serve.StandardError.ReadLineAsync() is string line) errors.Add(line); errors.CompleteAdding(); });
            // The keys file is rewritten in place under a name the watcher ignores, then SIGHUP asks for the reload.
            File.WriteAllText(keys + ".next", System.Text.Json.JsonSerializer.Serialize(new { deviceKeys = new[] { TestCredentials.Entry("second", second) } }));
            File.Copy(keys + ".next", keys, overwrite: true);
            Assert.Equal(0, await Signals.SendAsync(serve.Id, Signals.HangUp));
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Contains(errors.GetConsumingEnumerable(guard.Token), line => line.Contains("Keys reloaded (reload requested)"));
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", second);
            using var ok = await http.PostAsync("/v1/offload/decide", Json("{\"deviceId\":\"d\",\"uncertainty\":0.9,\"payloadBytes\":10,\"localComputeS\":0.1,\"channelGains\":[1e-9]}"));
            Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
            Assert.False(serve.HasExited);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("loadtest", "--url", "http://192.0.2.1:5080", "loopback")]
    [InlineData("loadtest", "--url", "http://127.0.0.1:9", "cannot reach the gateway")]
    [InlineData("serve", "--urls", "http://0.0.0.0:5080", "must be https")]
    [InlineData("serve", "--urls", "", "no address")]
    [InlineData("serve", "--urls", "https://127.0.0.1:5080", "certificate")]
    [InlineData("serve", "--config", "/nonexistent/gateway.json", "does not exist")]
    public async Task Bad_input_is_a_one_line_error_and_exit_code_2(string command, string option, string value, string expected)
    {
        var (exit, _, error) = await RunAsync(command, option, value);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }
}
