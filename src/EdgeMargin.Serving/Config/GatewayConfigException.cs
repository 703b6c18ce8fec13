namespace EdgeMargin.Serving.Config;

/// <summary>A gateway configuration that cannot be used; the message lists every problem with its field.</summary>
public sealed class GatewayConfigException(string source, IReadOnlyList<string> problems)
    : Exception($"gateway config '{source}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
{
    /// <summary>Each problem, naming the field and the fix.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
