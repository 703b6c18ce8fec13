using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace EdgeMargin.Tests;

/// <summary>
/// The core library's folders are layers: each namespace may use only namespaces below it, so data flows one way and
/// any one layer can be read (and tested) without those above it. A reference in the wrong direction fails here with
/// the file that makes it.
/// </summary>
public sealed partial class NamespaceLayeringTests
{
    /// <summary>
    /// Bottom first; a namespace may refer to those before it in this list, never to those after it. DiscreteEvents (the
    /// simulation clock, event queue, named streams and generic queues) sits just above Sampling on purpose: it is
    /// mechanism and must know nothing of radios, offloading or models; the models that use it belong in higher layers.
    /// Catalogs (named things and the catalogs that list them) is the bottom: every layer that names what it offers
    /// (signals, engines, policies) uses it, and it uses nothing.
    /// </summary>
    private static readonly string[] Layers =
        ["Catalogs", "Sampling", "DiscreteEvents", "Compute", "Uncertainty", "Radio", "Workloads", "Scenarios", "Offloading", "Analysis", "Experiments"];

    [Fact]
    public void EveryNamespaceOfTheCoreLibraryUsesOnlyTheLayersBelowIt()
    {
        string root = CoreSourceFolder();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToArray();
        // A new folder must be placed in the order on purpose, not slip past the check.
        Assert.Equal(Layers.Order(), folders.Order()!);

        var wrong = new List<string>();
        int references = 0;
        foreach (string layer in Layers)
        {
            int rank = Array.IndexOf(Layers, layer);
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, layer), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in NamespaceReference().Matches(File.ReadAllText(file)))
                {
                    string used = match.Groups[1].Value;
                    if (used == layer) continue;
                    references++;
                    int usedRank = Array.IndexOf(Layers, used);
                    if (usedRank < 0 || usedRank > rank)
                        wrong.Add($"{Path.GetRelativePath(root, file)} ({layer}) refers to EdgeMargin.{used}");
                }
            }
        }
        Assert.True(wrong.Count == 0, "References against the layering:\n" + string.Join("\n", wrong.Distinct()));
        // Guards the check itself: the layers do use each other, so a pattern that matched nothing would be a broken test.
        Assert.True(references > 20, $"Only {references} cross-namespace references found; the pattern no longer matches the sources.");
    }

    /// <summary>`using EdgeMargin.X;`, `using static EdgeMargin.X...`, or a qualified `EdgeMargin.X.Name` anywhere.</summary>
    [GeneratedRegex(@"\bEdgeMargin\.([A-Z][A-Za-z]*)\b(?=\s*[;.])")]
    private static partial Regex NamespaceReference();

    private static string CoreSourceFolder([CallerFilePath] string thisFile = "")
    {
        // This file is tests/EdgeMargin.Tests/NamespaceLayeringTests.cs; the sources sit beside the tests folder.
        string? repo = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)));
        string root = Path.Combine(repo ?? "", "src", "EdgeMargin");
        Assert.True(Directory.Exists(root), $"Core sources not found at '{root}' (derived from this test's source path '{thisFile}').");
        return root;
    }
}
