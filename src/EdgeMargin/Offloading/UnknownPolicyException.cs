namespace EdgeMargin.Offloading;

/// <summary>A policy name that no policy answers to.</summary>
public sealed class UnknownPolicyException(string name, IEnumerable<string> known)
    : ArgumentException($"Unknown policy '{name}'. Known policies: {string.Join(", ", known)}.")
{
    /// <summary>The name that was asked for.</summary>
    public string PolicyName { get; } = name;
}
