using Microsoft.Extensions.Logging;

namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// Writes warnings and errors one line each to a <see cref="TextWriter"/> (the serve command's stderr), credentials
/// redacted. An exception is named with its type and message; its stack trace only when <c>EDGEMARGIN_DEBUG=1</c>.
/// </summary>
public sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly object _lock = new();
    private readonly bool _stacks = Environment.GetEnvironmentVariable("EDGEMARGIN_DEBUG") == "1";

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose() { }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        string kind = level switch { LogLevel.Critical => "crit", LogLevel.Error => "error", LogLevel.Warning => "warn", _ => "info" };
        string line = $"{kind}: {category}: {message}";
        if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})" + (_stacks ? Environment.NewLine + exception : "");
        lock (_lock) writer.WriteLine(Redaction.Redact(line));
    }

    private sealed class Logger(TextWriterLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
