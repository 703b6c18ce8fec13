using System.Net;
using System.Net.Sockets;
using EdgeMargin.Models.Backends;
using EdgeMargin.Models.OpenAi;

namespace EdgeMargin.Models.Tests;

public class OpenAiModelTests
{
    private static OpenAiModel Client(FakeOpenAiServer server, string model = "m", bool chat = false, int topK = 5, int retries = 2, double timeoutS = 10,
        string? apiKey = null, double maxRetryAfterS = 60) =>
        new(new OpenAiOptions
        {
            BaseUrl = new Uri(server.BaseUrl), Model = model, UseChat = chat, TopLogProbs = topK, MaxRetries = retries,
            Timeout = TimeSpan.FromSeconds(timeoutS), InitialBackoff = TimeSpan.FromMilliseconds(5), ApiKey = apiKey,
            MaxRetryAfter = TimeSpan.FromSeconds(maxRetryAfterS),
        });

    [Fact]
    public async Task Vllm_completions_give_the_raw_candidates_token_counts_and_answer_logprobs()
    {
        await using var server = await FakeOpenAiServer.ServingAsync("vllm-completions.json");
        using var model = Client(server);
        var a = await model.AnswerAsync("Story.\nQuestion: Where is Mary?\nAnswer:", 5, CancellationToken.None);
        Assert.Equal(" kitchen", a.Text);
        Assert.Equal([" kitchen", " garden", " Kitchen", " office", " the"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(0.7, a.TopTokens[0].Probability, 12);
        Assert.Equal(0.2, a.TopTokens[1].Probability, 12);
        Assert.Equal(42, a.PromptTokens);
        Assert.Equal(1, a.AnswerTokens);
        Assert.Equal([-0.35667494393873245], a.AnswerLogProbs!);
        var (path, body) = Assert.Single(server.Received);
        Assert.Equal("completions", path);
        Assert.Equal("m", body["model"]!.GetValue<string>());
        Assert.Equal(5, body["logprobs"]!.GetValue<int>());
        Assert.Equal(0, body["temperature"]!.GetValue<int>());
        Assert.Equal(5, body["max_tokens"]!.GetValue<int>());
        Assert.StartsWith("Story.", body["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vllm_chat_requests_top_logprobs_and_reads_the_content_shape()
    {
        await using var server = await FakeOpenAiServer.ServingAsync("vllm-chat.json");
        using var model = Client(server, chat: true, topK: 3);
        var a = await model.AnswerAsync("Where?", 5, CancellationToken.None);
        Assert.Equal("Kitchen", a.Text);
        Assert.Equal(["Kitchen", "Garden", "The"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(0.9, a.TopTokens[0].Probability, 12);
        Assert.Equal(51, a.PromptTokens);
        var (path, body) = Assert.Single(server.Received);
        Assert.Equal("chat/completions", path);
        Assert.True(body["logprobs"]!.GetValue<bool>());
        Assert.Equal(3, body["top_logprobs"]!.GetValue<int>());
        Assert.Equal("Where?", body["messages"]![0]!["content"]!.GetValue<string>());
        Assert.StartsWith("openai-chat:", model.Id);
    }

    [Fact]
    public async Task Llama_server_completions_in_the_content_shape_are_read_from_the_first_answer_token()
    {
        await using var server = await FakeOpenAiServer.ServingAsync("llama-server-completions.json");
        using var model = Client(server);
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal([" kitchen", " garden", " Kitchen"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(0.8, a.TopTokens[0].Probability, 12);
        Assert.Equal(2, a.AnswerLogProbs!.Count);
        Assert.Equal(2, a.AnswerTokens);
        Assert.Equal(44, a.PromptTokens);
    }

    [Fact]
    public async Task Ollama_chat_logprobs_are_read()
    {
        await using var server = await FakeOpenAiServer.ServingAsync("ollama-chat.json");
        using var model = Client(server, chat: true, topK: 3);
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal("Kitchen.", a.Text);
        Assert.Equal(["Kitchen", "kitchen", "Garden"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(0.6, a.TopTokens[0].Probability, 12);
    }

    [Theory]
    [InlineData("ollama-chat-no-logprobs.json", true)]
    [InlineData("vllm-completions-logprobs-null.json", false)]
    public async Task A_reply_without_logprobs_says_which_servers_need_what(string file, bool chat)
    {
        await using var server = await FakeOpenAiServer.ServingAsync(file);
        using var model = Client(server, chat: chat);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("returned no logprobs", e.Message);
        Assert.Contains("Ollama", e.Message);
        Assert.Contains("llama-server", e.Message);
        Assert.Contains("--max-logprobs", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Token_logprobs_without_alternatives_serve_the_large_model_and_are_too_few_candidates_for_the_small(bool requireLogProbs)
    {
        const string reply = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Kitchen\"},\"logprobs\":{\"content\":[{\"token\":\"Kitchen\",\"logprob\":-0.1,\"bytes\":[75],\"top_logprobs\":null}]}}]}";
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) => new ScriptedReply(200, reply));
        using var model = new OpenAiModel(new OpenAiOptions { BaseUrl = new Uri(server.BaseUrl), Model = "m", UseChat = true, RequireLogProbs = requireLogProbs });
        if (requireLogProbs)
        {
            var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
            Assert.Contains("returned 0 candidate(s) at the first answer token", e.Message);
            return;
        }
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal("Kitchen", a.Text);
        Assert.Empty(a.TopTokens);
        Assert.Equal([-0.1], a.AnswerLogProbs!);
    }

    [Theory]
    [InlineData("malformed.json", "malformed JSON")]
    [InlineData("logprobs-wrong-type.json", "malformed reply")]
    public async Task Malformed_replies_are_model_errors(string file, string expected)
    {
        await using var server = await FakeOpenAiServer.ServingAsync(file);
        using var model = Client(server);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains(expected, e.Message);
        Assert.Contains(server.BaseUrl, e.Message);
    }

    [Theory]
    [InlineData("vllm-404.json", "The model `llama-7b` does not exist.")]
    [InlineData("ollama-404.json", "model \"llama-7b\" not found, try pulling it first")]
    public async Task Unknown_model_is_reported_with_its_name_and_the_servers_message_without_retrying(string file, string serverMessage)
    {
        await using var server = await FakeOpenAiServer.ServingAsync(file, status: 404);
        using var model = Client(server, model: "llama-7b");
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("404 for model 'llama-7b'", e.Message);
        Assert.Contains(serverMessage, e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_redirect_is_refused_and_not_followed_to_another_host()
    {
        await using var elsewhere = await FakeOpenAiServer.StartAsync((_, _, _) => new ScriptedReply(200, "{\"choices\":[]}"));
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) =>
            new ScriptedReply(307, "", Headers: new Dictionary<string, string> { ["Location"] = elsewhere.BaseUrl + "/completions" }));
        using var model = Client(server);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("307", e.Message);
        Assert.Contains("not followed", e.Message);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, elsewhere.Requests);
    }

    [Fact]
    public async Task Other_client_errors_are_not_retried()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) => new ScriptedReply(400, "{\"error\":{\"message\":\"max_tokens too large\"}}"));
        using var model = Client(server);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("HTTP 400", e.Message);
        Assert.Contains("max_tokens too large", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Server_errors_and_rate_limits_are_retried_until_success(int status)
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _, n) =>
            n < 2 ? new ScriptedReply(status, FakeOpenAiServer.Recorded("vllm-500.json")) : new ScriptedReply(200, FakeOpenAiServer.Recorded("vllm-completions.json")));
        using var model = Client(server, retries: 2);
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal(" kitchen", a.Text);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_the_retries_and_quote_the_server()
    {
        await using var server = await FakeOpenAiServer.ServingAsync("vllm-500.json", status: 500);
        using var model = Client(server, retries: 2);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("failed 3 attempt(s)", e.Message);
        Assert.Contains("HTTP 500: The engine is overloaded, please retry.", e.Message);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_slow_server_times_out_each_attempt_and_is_retried()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _, n) =>
            n == 0 ? new ScriptedReply(200, "{}", TimeSpan.FromSeconds(30)) : new ScriptedReply(200, FakeOpenAiServer.Recorded("vllm-completions.json")));
        // 1 s, not less: the answering attempt must fit in it on a loaded 2-core CI machine (0.3 s once did not).
        using var model = Client(server, retries: 1, timeoutS: 1);
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal(" kitchen", a.Text);
        Assert.Equal(2, server.Requests);

        server.Script = (_, _, _) => new ScriptedReply(200, "{}", TimeSpan.FromSeconds(30));
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("no answer within 1 s", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_mistaken_for_a_timeout()
    {
        // The caller cancels once the server holds the request: a fixed 200 ms could pass before a cold client on a
        // loaded machine had even sent it, and then no request was made at all.
        using var cts = new CancellationTokenSource();
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) =>
        {
            cts.Cancel();
            return new ScriptedReply(200, "{}", TimeSpan.FromSeconds(30));
        });
        using var model = Client(server, retries: 3, timeoutS: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.AnswerAsync("p", 5, cts.Token));
        // Retried as a timeout, it would send a second request (or wait out the 20 s timeout) before giving up.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Cancellation_during_the_backoff_between_retries_ends_the_call_as_cancelled()
    {
        using var cts = new CancellationTokenSource();
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) =>
        {
            cts.CancelAfter(100);
            return new ScriptedReply(503, FakeOpenAiServer.Recorded("vllm-500.json"), Headers: new Dictionary<string, string> { ["Retry-After"] = "30" });
        });
        using var model = Client(server, retries: 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.AnswerAsync("p", 5, cts.Token));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_rate_limited_server_is_retried_after_the_time_its_retry_after_header_asks_for()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _, n) => n == 0
            ? new ScriptedReply(429, "{\"error\":{\"message\":\"rate limited\"}}", Headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new ScriptedReply(200, FakeOpenAiServer.Recorded("vllm-completions.json")));
        using var model = Client(server, retries: 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal(" kitchen", a.Text);
        Assert.Equal(2, server.Requests);
        // The backoff alone is 5 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_bound_is_cut_to_the_bound()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _, n) => n == 0
            ? new ScriptedReply(429, "{}", Headers: new Dictionary<string, string> { ["Retry-After"] = "3600" })
            : new ScriptedReply(200, FakeOpenAiServer.Recorded("vllm-completions.json")));
        using var model = Client(server, retries: 1, maxRetryAfterS: 0.2);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a = await model.AnswerAsync("p", 5, CancellationToken.None);
        Assert.Equal(" kitchen", a.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.15) && clock.Elapsed < TimeSpan.FromSeconds(10), $"retried after {clock.Elapsed}");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task The_api_key_is_sent_but_never_quoted_in_errors_even_when_the_server_echoes_it(int status)
    {
        const string key = "sk-test-9f8e7d6c5b4a3210";
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) =>
            new ScriptedReply(status, $"{{\"error\":{{\"message\":\"Incorrect API key provided: {key}. You can find your API key at https://example.invalid\"}}}}"));
        using var model = Client(server, retries: 1, apiKey: key);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.DoesNotContain(key, e.Message);
        Assert.DoesNotContain(key[..12], e.Message);
        Assert.Contains("Incorrect API key provided: ***", e.Message);
        Assert.All(server.Authorizations, h => Assert.Equal($"Bearer {key}", h));
    }

    [Fact]
    public void A_password_in_the_base_url_stays_out_of_the_id_written_to_traces()
    {
        using var m = ModelSpec.Create("openai:http://user:hunter2@127.0.0.1:8080/v1/#m");
        Assert.Equal("openai:http://127.0.0.1:8080/v1#m", m.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_reply_is_refused_after_16_MiB_and_not_retried(bool chunked)
    {
        // A valid reply, padded past the cap: only the size is wrong with it.
        string body = "{\"pad\":\"" + new string('x', 17 << 20) + "\"," + FakeOpenAiServer.Recorded("vllm-completions.json").TrimStart()[1..];
        await using var server = await FakeOpenAiServer.StartAsync((_, _, _) => new ScriptedReply(200, body, Chunked: chunked));
        using var model = Client(server, retries: 2);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("more than the 16 MiB accepted", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_top_k_above_what_the_server_allows_is_explained()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, body, _) => body["logprobs"]!.GetValue<int>() > 20
            ? new ScriptedReply(400, "{\"object\":\"error\",\"message\":\"Requested sample logprobs of 25, which is greater than max allowed: 20\",\"type\":\"BadRequestError\",\"code\":400}")
            : new ScriptedReply(200, FakeOpenAiServer.Recorded("vllm-completions.json")));
        using var model = Client(server, topK: 25);
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains("greater than max allowed: 20", e.Message);
        Assert.Contains("25 candidates were requested", e.Message);
        Assert.Contains("--max-logprobs", e.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_its_url_at_once()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string url = $"http://127.0.0.1:{port}/v1";
        using var model = new OpenAiModel(new OpenAiOptions { BaseUrl = new Uri(url), Model = "m", MaxRetries = 3, InitialBackoff = TimeSpan.FromMinutes(5) });
        var e = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync("p", 5, CancellationToken.None));
        Assert.Contains($"cannot reach the model server at {url}", e.Message);
    }

    [Fact]
    public void Specs_name_backend_url_and_model_and_bad_specs_say_what_to_write()
    {
        using (var m = (OpenAiModel)ModelSpec.Create("openai-chat:http://127.0.0.1:8080/v1#llama3.2:1b", new ModelSettings(TopK: 7)))
        {
            Assert.True(m.Options.UseChat);
            Assert.Equal("llama3.2:1b", m.Options.Model);
            Assert.Equal(7, m.Options.TopLogProbs);
            Assert.Equal("http://127.0.0.1:8080/v1", m.Options.BaseUrl.ToString().TrimEnd('/'));
        }
        Assert.Contains("unknown backend 'tflite'", Assert.Throws<ArgumentException>(() => ModelSpec.Create("tflite:x")).Message);
        Assert.Contains("not an http(s) URL", Assert.Throws<ArgumentException>(() => ModelSpec.Create("openai:ftp://x#m")).Message);
    }

    [Theory]
    [InlineData("openai:http://alice:s3cret@127.0.0.1:8080/v1", "no model name")]
    [InlineData("openai:ftp://alice:s3cret@127.0.0.1/v1#m", "not an http(s) URL")]
    [InlineData("tflite://alice:s3cret@host/x", "unknown backend")]
    [InlineData("gguf://alice:s3cret@host/x.gguf", "no file at")]
    public void A_password_in_a_bad_spec_stays_out_of_the_error(string spec, string reason)
    {
        string message = Assert.Throws<ArgumentException>(() => ModelSpec.Create(spec)).Message;
        Assert.Contains(reason, message);
        Assert.DoesNotContain("s3cret", message);
        Assert.DoesNotContain("alice", message);
        Assert.Contains("//***@", message);
    }
}
