namespace EdgeMargin.Catalogs;

/// <summary>A name that no entry of a <see cref="Catalog{T}"/> answers to; the message lists the valid names.</summary>
public sealed class UnknownNameException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="name"/>, looked up among the <paramref name="plural"/> <paramref name="valid"/>.</summary>
    public UnknownNameException(string noun, string plural, string? name, IEnumerable<string> valid)
        : base(Describe(noun, plural, name, valid))
    {
        Noun = noun;
        Name = name ?? string.Empty;
    }

    /// <summary>What was being looked up ("policy", "signal", "engine").</summary>
    public string Noun { get; }

    /// <summary>The name that was asked for, as given.</summary>
    public string Name { get; }

    private static string Describe(string noun, string plural, string? name, IEnumerable<string> valid)
    {
        string list = string.Join(", ", valid);
        return string.IsNullOrWhiteSpace(name)
            ? $"No {noun} given. Valid {plural}: {list}."
            : $"Unknown {noun} '{name.Trim()}'. Valid {plural}: {list}.";
    }
}
