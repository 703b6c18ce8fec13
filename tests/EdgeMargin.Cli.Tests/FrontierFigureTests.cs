using EdgeMargin.Cli.Output;

namespace EdgeMargin.Cli.Tests;

/// <summary>The accuracy-delay frontier drawn as a Pareto front with its points labelled by tau.</summary>
public class FrontierFigureTests
{
    [Fact]
    public async Task The_frontier_figure_labels_every_point_with_its_tau()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(["simulate", "--users", "20", "--tau", "0.6,0.85", "--runs", "3", "--policies", "goa,dmin",
            "--no-timing", "--quiet", "--out", dir]);
        Assert.True(exit == 0, err);
        string svg = File.ReadAllText(Path.Combine(dir, "frontier.svg"));
        // Two policies, two thresholds each: every label appears once per policy.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, @">\s*tau 0\.6\s*<").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, @">\s*tau 0\.85\s*<").Count);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 50.0, 60.0, 70.0 }, new[] { 0, 1, 2 })]   // each slower point is better: all on the front
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 70.0, 60.0, 80.0 }, new[] { 0, 2 })]      // the middle one is slower and worse than the first
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 70.0, 70.0, 65.0 }, new[] { 0 })]         // equal accuracy at more delay is dominated
    public void A_point_is_on_the_front_only_when_every_faster_point_is_less_accurate(double[] delays, double[] accuracies, int[] expected) =>
        Assert.Equal(expected, FrontierOutput.Pareto(delays, accuracies));
}
