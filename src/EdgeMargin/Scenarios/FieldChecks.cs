namespace EdgeMargin.Scenarios;

/// <summary>
/// The checks the parameter records share, each adding a problem that names the field by its JSON path (the path a
/// config file spells, e.g. <c>physical.bandwidthHz</c>) so a message points at the line to fix.
/// </summary>
internal static class FieldChecks
{
    public static void Positive(List<string> problems, string path, double value)
    {
        if (!(value > 0) || double.IsInfinity(value)) problems.Add($"{path} must be a finite number > 0 (got {value}).");
    }

    public static void Ordered(List<string> problems, string lowerPath, double lower, string upperPath, double upper)
    {
        if (lower > upper) problems.Add($"{lowerPath} ({lower}) must not exceed {upperPath} ({upper}).");
    }
}
