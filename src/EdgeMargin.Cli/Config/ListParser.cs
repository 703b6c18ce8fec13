using System.Globalization;

namespace EdgeMargin.Cli.Config;

/// <summary>Parses the comma lists and ranges that sweep options take: "50,60,70" or "50:120:10" (start:stop:step, inclusive).</summary>
internal static class ListParser
{
    public static IReadOnlyList<int> Integers(string text, string option)
    {
        var values = new List<int>();
        foreach (string part in Parts(text, option))
        {
            string[] range = part.Split(':');
            if (range.Length == 3)
            {
                int start = Int(range[0]), stop = Int(range[1]), step = Int(range[2]);
                if (step <= 0) throw new UsageException($"{option}: the step of range '{part}' must be > 0.");
                for (int v = start; v <= stop; v += step) values.Add(v);
            }
            else values.Add(Int(part));
        }
        return values;

        int Int(string s) => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new UsageException($"{option}: '{s.Trim()}' is not a whole number. Use a comma list (1,2,3) or an inclusive range start:stop:step (1:9:2).");
    }

    public static IReadOnlyList<double> Doubles(string text, string option)
    {
        var values = new List<double>();
        foreach (string part in Parts(text, option))
        {
            string[] range = part.Split(':');
            if (range.Length == 3)
            {
                double start = Dbl(range[0]), stop = Dbl(range[1]), step = Dbl(range[2]);
                if (!(step > 0)) throw new UsageException($"{option}: the step of range '{part}' must be > 0.");
                int count = (int)Math.Floor((stop - start) / step + 1e-9) + 1;
                for (int k = 0; k < count; k++) values.Add(Math.Round(start + k * step, 10));
            }
            else values.Add(Dbl(part));
        }
        return values;

        double Dbl(string s) => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new UsageException($"{option}: '{s.Trim()}' is not a finite number. Use a comma list like 0.6,0.7 or a range like 0.6:1.0:0.1.");
    }

    public static IReadOnlyList<string> Names(string text, string option) => Parts(text, option).Select(p => p.Trim().ToLowerInvariant()).ToArray();

    private static string[] Parts(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new UsageException($"{option} is empty; give at least one value.");
        return parts;
    }
}
