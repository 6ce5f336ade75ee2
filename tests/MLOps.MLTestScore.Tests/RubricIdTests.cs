namespace MLOps.MLTestScore.Tests;

public class RubricIdTests
{
    [Theory]
    [InlineData("Data.1", "Data.1")]
    [InlineData("data 1", "Data.1")]
    [InlineData("Infra-4", "Infra.4")]
    [InlineData("monitor7", "Monitor.7")]
    [InlineData(" MODEL.3 ", "Model.3")]
    [InlineData("infra_2", "Infra.2")]
    public void Normalizes_accepted_spellings(string text, string expected)
    {
        Assert.True(RubricId.TryNormalize(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("Data.9")]
    [InlineData("Data.0")]
    [InlineData("Feature.1")]
    [InlineData("Data")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Data..1")]
    public void Rejects_anything_else(string? text) => Assert.False(RubricId.TryNormalize(text, out _));

    [Fact]
    public void Catalog_has_the_28_items_in_rubric_order_with_the_papers_titles()
    {
        var items = RubricCatalog.Items;
        Assert.Equal(28, items.Count);
        var expected = RubricId.Sections.SelectMany(s => Enumerable.Range(1, 7).Select(n => s + "." + n)).ToArray();
        Assert.Equal(expected, items.Select(i => i.Id).ToArray());
        Assert.Equal("Feature expectations are captured in a schema", RubricCatalog.Find("Data.1")!.Title);
        Assert.Equal("Training is reproducible", RubricCatalog.Find("Infra.1")!.Title);
        Assert.Equal("Prediction quality has not regressed (on served data)", RubricCatalog.Find("Monitor.7")!.Title);
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Explanation));
            Assert.NotEmpty(i.Examples);
            Assert.Equal(i.Section, RubricId.SectionOf(i.Id));
        });
    }
}
