using System.CommandLine;
using EdgeMargin.Cli.Config;
using EdgeMargin.Models.Babi;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>babi generate</c>: writes seeded bAbI-format tasks 1, 2, 3, 6 where the real data set cannot be downloaded.</summary>
internal static class BabiCommand
{
    internal static Command Create()
    {
        var tasks = new Option<string>("--tasks") { Description = "Comma list of tasks to write: 1 (single supporting fact), 2 (two), 3 (three), 6 (yes/no).", DefaultValueFactory = _ => "1,2,3,6" };
        var stories = new Option<int>("--stories") { Description = "Stories per file (5 questions each).", DefaultValueFactory = _ => 20 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed writes byte-identical files.", DefaultValueFactory = _ => 42UL };
        var output = new Option<string>("--out") { Description = "Directory to write qaN_name_train.txt and qaN_name_test.txt into.", Required = true };
        var generate = new Command("generate", "Write bAbI-format stories with correct answers and supporting ids (tasks 1, 2, 3, 6).") { tasks, stories, seed, output };
        generate.SetAction(async (parse, ct) =>
        {
            var list = ListParser.Integers(parse.GetValue(tasks)!, "--tasks");
            foreach (int t in list)
                if (!BabiGenerator.SupportedTasks.Contains(t))
                    throw new UsageException($"--tasks: task {t} cannot be generated; choose from {string.Join(", ", BabiGenerator.SupportedTasks)}.");
            int n = CommonOptions.AtLeast(parse, stories);
            string dir = parse.GetValue(output)!;
            var written = BabiGenerator.WriteFiles(dir, list, n, parse.GetValue(seed));
            var stdout = parse.InvocationConfiguration.Output;
            foreach (string path in written) await stdout.WriteLineAsync($"wrote {path}");
            await stdout.WriteLineAsync($"{n} stories x {BabiGenerator.QuestionsPerStory} questions per file; profile them with: edgemargin profile --data babi:{dir} ...");
            return 0;
        });
        return new Command("babi", "bAbI question-answering data.") { generate };
    }
}
