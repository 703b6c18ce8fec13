using System.Text.RegularExpressions;
using EdgeMargin.Models.Babi;
using EdgeMargin.Sampling;

namespace EdgeMargin.Models.Tests;

public class BabiTests
{
    // Verbatim layout of the original qa1 test file: a space before the tab, numbers restarting per story.
    private const string Qa1 =
        "1 Mary moved to the bathroom.\n2 John went to the hallway.\n3 Where is Mary? \tbathroom\t1\n" +
        "4 Daniel went back to the hallway.\n5 Sandra moved to the garden.\n6 Where is Daniel? \thallway\t4\n" +
        "1 Sandra travelled to the office.\n2 Sandra went to the bathroom.\n3 Where is Sandra? \tbathroom\t2\n";

    [Fact]
    public void The_standard_format_is_read_story_by_story()
    {
        var qs = BabiReader.Parse(new StringReader(Qa1), 1, "test", "qa1_test.txt");
        Assert.Equal(["qa1/test/1/3", "qa1/test/1/6", "qa1/test/2/3"], qs.Select(q => q.Id));
        Assert.Equal(["Mary moved to the bathroom.", "John went to the hallway.", "Daniel went back to the hallway.", "Sandra moved to the garden."], qs[1].Story);
        Assert.Equal([1, 2, 4, 5], qs[1].StoryLineNumbers);
        Assert.Equal("Where is Daniel?", qs[1].Question);
        Assert.Equal("hallway", qs[1].Answer);
        Assert.Equal([4], qs[1].SupportingIds);
        Assert.Equal(["Sandra travelled to the office.", "Sandra went to the bathroom."], qs[2].Story);
    }

    [Theory]
    [InlineData("Mary moved.\n", "starts with its number")]
    [InlineData("1 Mary moved.\n3 John moved.\n", "line number 3 follows 1")]
    [InlineData("1 Mary moved.\n2 Where? \tkitchen\t5\n", "supporting id '5'")]
    public void Malformed_lines_name_source_and_line(string text, string expected)
    {
        var e = Assert.Throws<BabiFormatException>(() => BabiReader.Parse(new StringReader(text), 1, "test", "f.txt"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("f.txt:", e.Message);
    }

    [Fact]
    public void The_prompt_ends_at_the_answer_and_scoring_is_a_case_insensitive_whole_word_match()
    {
        var q = BabiReader.Parse(new StringReader(Qa1), 1, "test", "x")[0];
        Assert.Equal("Read the story and answer the question with one word.\n\nMary moved to the bathroom.\nJohn went to the hallway.\n\nQuestion: Where is Mary?\nAnswer:", BabiPrompt.Format(q));
        Assert.True(BabiPrompt.IsCorrect(" Bathroom.", "bathroom"));
        Assert.True(BabiPrompt.IsCorrect("the bathroom\n", "bathroom"));
        Assert.False(BabiPrompt.IsCorrect(" bathrooms", "bathroom"));
        Assert.False(BabiPrompt.IsCorrect(" kitchen", "bathroom"));
        Assert.True(BabiPrompt.IsCorrect("apple and football", "football,apple"));
    }

    [Fact]
    public void Tasks_7_8_19_are_left_out_unless_asked_for_and_an_empty_directory_is_an_error()
    {
        string dir = TestData.TempDir();
        foreach (int t in new[] { 1, 7, 8, 19 }) File.WriteAllText(Path.Combine(dir, $"qa{t}_x_test.txt"), Qa1);
        File.WriteAllText(Path.Combine(dir, "qa1_x_train.txt"), Qa1);
        Assert.Equal([1], BabiReader.ReadDirectory(dir).Select(q => q.Task).Distinct());
        Assert.Equal([1, 7, 8, 19], BabiReader.ReadDirectory(dir, includeAllTasks: true).Select(q => q.Task).Distinct());
        Assert.Equal(6, BabiReader.ReadDirectory(dir, split: "all", tasks: [1]).Count);
        string empty = TestData.TempDir();
        Assert.Contains("no bAbI files for split 'test'", Assert.Throws<BabiFormatException>(() => BabiReader.ReadDirectory(empty)).Message);
    }

    [Fact]
    public void A_task_number_too_large_for_an_int_is_a_format_error_naming_the_file()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "qa99999999999_x_test.txt");
        File.WriteAllText(path, Qa1);
        var e = Assert.Throws<BabiFormatException>(() => BabiReader.ReadDirectory(dir));
        Assert.Contains(path, e.Message);
        Assert.Contains("too large", e.Message);
        Assert.Contains("too large", Assert.Throws<BabiFormatException>(() => BabiReader.ReadFile(path)).Message);
    }

    [Fact]
    public void Generated_files_read_back_with_answers_their_supporting_facts_imply()
    {
        string dir = TestData.TempDir();
        var written = BabiGenerator.WriteFiles(dir, [1, 2, 3, 6], 30, 7);
        Assert.Equal(8, written.Count);
        var all = BabiReader.ReadDirectory(dir, split: "all");
        Assert.Equal(4 * 2 * 30 * BabiGenerator.QuestionsPerStory, all.Count);
        Assert.Equal(all.Count, all.Select(q => q.Id).Distinct().Count());
        foreach (var q in all)
        {
            string Fact(int id) => q.Story[q.StoryLineNumbers.ToList().IndexOf(id)];
            string PlaceIn(string fact) => Regex.Match(fact, @"the (\w+)\.$").Groups[1].Value;
            var facts = q.SupportingIds.Select(Fact).ToArray();
            switch (q.Task)
            {
                case 1:
                {
                    string who = Regex.Match(q.Question, @"Where is (\w+)\?").Groups[1].Value;
                    var fact = Assert.Single(facts);
                    Assert.StartsWith(who + " ", fact);
                    Assert.Equal(PlaceIn(fact), q.Answer);
                    // The supporting fact is the person's latest move.
                    Assert.Equal(fact, q.Story.Last(s => s.StartsWith(who + " ", StringComparison.Ordinal)));
                    break;
                }
                case 6:
                {
                    var m = Regex.Match(q.Question, @"Is (\w+) in the (\w+)\?");
                    var fact = Assert.Single(facts);
                    Assert.Equal(fact, q.Story.Last(s => s.StartsWith(m.Groups[1].Value + " ", StringComparison.Ordinal)));
                    Assert.Equal(PlaceIn(fact) == m.Groups[2].Value ? "yes" : "no", q.Answer);
                    break;
                }
                case 2:
                {
                    string obj = Regex.Match(q.Question, @"Where is the (\w+)\?").Groups[1].Value;
                    Assert.Equal(2, facts.Length);
                    string grab = Assert.Single(facts, f => f.Contains($" the {obj} there.", StringComparison.Ordinal));
                    string move = Assert.Single(facts, f => f != grab);
                    Assert.Equal(grab.Split(' ')[0], move.Split(' ')[0]);
                    Assert.Equal(PlaceIn(move), q.Answer);
                    break;
                }
                case 3:
                {
                    var m = Regex.Match(q.Question, @"Where was the (\w+) before the (\w+)\?");
                    Assert.Equal(3, facts.Length);
                    Assert.Contains(facts, f => f.Contains($" the {m.Groups[1].Value} there.", StringComparison.Ordinal));
                    Assert.Contains(facts, f => PlaceIn(f) == m.Groups[2].Value);
                    Assert.Contains(facts, f => PlaceIn(f) == q.Answer);
                    Assert.NotEqual(m.Groups[2].Value, q.Answer);
                    break;
                }
            }
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_text()
    {
        Assert.Equal(BabiGenerator.Generate(2, 5, new SeededRandom(3)), BabiGenerator.Generate(2, 5, new SeededRandom(3)));
        Assert.NotEqual(BabiGenerator.Generate(2, 5, new SeededRandom(3)), BabiGenerator.Generate(2, 5, new SeededRandom(4)));
    }

    [Fact]
    public async Task Babi_generate_writes_train_and_test_files_and_rejects_unsupported_tasks()
    {
        string dir = TestData.TempDir();
        var (exit, stdout, err) = await TestData.CliAsync("babi", "generate", "--tasks", "1,6", "--stories", "3", "--seed", "5", "--out", dir);
        Assert.True(exit == 0, err);
        Assert.Contains("qa6_yes-no-questions_test.txt", stdout);
        Assert.Equal(4, Directory.GetFiles(dir, "qa*.txt").Length);
        Assert.Equal(15, BabiReader.ReadFile(Path.Combine(dir, "qa1_single-supporting-fact_test.txt")).Count);
        var (exit2, _, err2) = await TestData.CliAsync("babi", "generate", "--tasks", "1,7", "--out", dir);
        Assert.Equal(2, exit2);
        Assert.Contains("task 7 cannot be generated", err2);
    }
}
