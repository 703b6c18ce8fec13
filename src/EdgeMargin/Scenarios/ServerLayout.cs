namespace EdgeMargin.Scenarios;

/// <summary>Where edge servers stand in the square area.</summary>
public static class ServerLayout
{
    /// <summary>
    /// M servers at the cell centres of a near-square grid over the D x D area, column by column. For M = 4 and D = 500
    /// this is the paper's (125,125), (125,375), (375,125), (375,375).
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> Grid(int servers, double areaSideM)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        int cols = (int)Math.Ceiling(Math.Sqrt(servers));
        int rows = (int)Math.Ceiling(servers / (double)cols);
        var result = new List<(double, double)>(servers);
        for (int c = 0; c < cols && result.Count < servers; c++)
            for (int r = 0; r < rows && result.Count < servers; r++)
                result.Add(((c + 0.5) * areaSideM / cols, (r + 0.5) * areaSideM / rows));
        return result;
    }
}
