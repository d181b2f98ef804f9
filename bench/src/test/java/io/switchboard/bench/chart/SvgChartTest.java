package io.switchboard.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document d, String tag, String cls) {
        NodeList all = d.getElementsByTagNameNS("*", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The pixel of the tick labelled {@code label} on the axis whose ticks are in group {@code group}. */
    static double tick(Document d, String group, String label, String attribute) {
        for (Element g : byClass(d, "g", group)) {
            NodeList texts = g.getElementsByTagNameNS("*", "text");
            for (int i = 0; i < texts.getLength(); i++) {
                Element t = (Element) texts.item(i);
                if (t.getTextContent().equals(label)) {
                    return Double.parseDouble(t.getAttribute(attribute));
                }
            }
        }
        throw new AssertionError("no tick labelled " + label + " in " + group);
    }

    @Test
    void aLineChartIsValidSvgWithItsPointsWhereTheAxesSayTheyAre() throws Exception {
        String svg = SvgChart.line("p99 <over> time & more", "sub", "seconds", "ms",
                List.of(new SvgChart.Series("system p99", List.of(new double[]{0, 10}, new double[]{4, 40},
                        new double[]{10, 20}))), false);
        Document d = parse(svg);
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(byClass(d, "text", "title").get(0).getTextContent()).isEqualTo("p99 <over> time & more");
        List<Element> points = byClass(d, "circle", "point");
        assertThat(points).hasSize(3);
        // the point (4, 40) sits exactly on the x tick "4" and the y tick "40"
        Element p = points.get(1);
        assertThat(Double.parseDouble(p.getAttribute("cx"))).isCloseTo(tick(d, "x-ticks", "4", "x"), within(0.11));
        assertThat(Double.parseDouble(p.getAttribute("cy"))).isCloseTo(tick(d, "y-ticks", "40", "data-y"), within(0.11));
        // higher values are drawn higher up
        assertThat(Double.parseDouble(p.getAttribute("cy")))
                .isLessThan(Double.parseDouble(points.get(0).getAttribute("cy")));
        assertThat(byClass(d, "text", "legend-entry").get(0).getTextContent()).startsWith("system p99");
        assertThat(byClass(d, "text", "axis-label")).extracting(Element::getTextContent).containsExactly("seconds", "ms");
    }

    @Test
    void aLogarithmicAxisPutsEachDecadeTheSameDistanceApart() throws Exception {
        Document d = parse(SvgChart.line("p99 against rate", null, "msg/s", "ms", List.of(
                new SvgChart.Series("a", List.of(new double[]{200, 1}, new double[]{500, 10}, new double[]{1000, 100}))),
                true));
        List<Element> points = byClass(d, "circle", "point");
        double y1 = Double.parseDouble(points.get(0).getAttribute("cy"));
        double y10 = Double.parseDouble(points.get(1).getAttribute("cy"));
        double y100 = Double.parseDouble(points.get(2).getAttribute("cy"));
        assertThat(y1 - y10).isCloseTo(y10 - y100, within(0.2));
        assertThat(y100).isCloseTo(tick(d, "y-ticks", "100", "data-y"), within(0.11));
    }

    @Test
    void aGapInTheDataBreaksTheLine() throws Exception {
        Document d = parse(SvgChart.line("gap", null, "s", "ms", List.of(new SvgChart.Series("a", List.of(
                new double[]{0, 1}, new double[]{1, 2}, new double[]{2, Double.NaN}, new double[]{8, 3},
                new double[]{9, 4}))), false));
        String path = byClass(d, "path", "line").get(0).getAttribute("d");
        assertThat(path.chars().filter(c -> c == 'M').count()).isEqualTo(2);
        assertThat(byClass(d, "circle", "point")).hasSize(4);
    }

    @Test
    void noDataGivesAValidFileThatSaysSo() throws Exception {
        for (String svg : List.of(
                SvgChart.line("empty", null, "x", "y", List.of(), false),
                SvgChart.line("empty", null, "x", "y", List.of(new SvgChart.Series("a", List.of())), false),
                SvgChart.line("only zeros on a log axis", null, "x", "y",
                        List.of(new SvgChart.Series("a", List.<double[]>of(new double[]{1, 0}))), true),
                SvgChart.bars("empty", null, "y", List.of(), List.of("a"), new double[1][0], false))) {
            Document d = parse(svg);
            assertThat(byClass(d, "text", "empty")).hasSize(1);
            assertThat(byClass(d, "text", "empty").get(0).getTextContent()).startsWith("No data to draw: ");
            assertThat(byClass(d, "circle", "point")).isEmpty();
            assertThat(byClass(d, "rect", "bar")).isEmpty();
        }
    }

    @Test
    void barsAreAsTallAsTheirValuesAndStackedBarsAddUp() throws Exception {
        Document d = parse(SvgChart.bars("cpu", null, "ms", List.of("api", "postgres"), List.of("system", "ceiling"),
                new double[][]{{0.4, 0.2}, {0.1, Double.NaN}}, false));
        List<Element> bars = byClass(d, "rect", "bar");
        assertThat(bars).hasSize(3); // the missing ceiling value draws no bar
        double api = Double.parseDouble(bars.get(0).getAttribute("height"));
        double pg = Double.parseDouble(bars.get(2).getAttribute("height"));
        assertThat(api / pg).isCloseTo(2.0, within(0.02));
        double top = Double.parseDouble(bars.get(0).getAttribute("y"));
        assertThat(top).isCloseTo(tick(d, "y-ticks", "0.4", "data-y"), within(0.11));

        Document s = parse(SvgChart.bars("stacked", null, "ms", List.of("run 1"), List.of("api", "postgres"),
                new double[][]{{0.3}, {0.2}}, true));
        List<Element> parts = byClass(s, "rect", "bar");
        double bottomOfUpper = Double.parseDouble(parts.get(1).getAttribute("y"))
                + Double.parseDouble(parts.get(1).getAttribute("height"));
        assertThat(bottomOfUpper).isCloseTo(Double.parseDouble(parts.get(0).getAttribute("y")), within(0.11));
        assertThat(Double.parseDouble(parts.get(1).getAttribute("y")))
                .isCloseTo(tick(s, "y-ticks", "0.5", "data-y"), within(0.11));
    }

    @Test
    void niceTicks() {
        assertThat(Axis.linear(0, 37, true, 0, 100).ticks()).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0);
        assertThat(Axis.linear(0.02, 0.93, true, 0, 100).ticks()).contains(0.0, 0.2, 1.0);
        assertThat(Axis.logarithmic(3, 9000, 0, 100).ticks()).containsExactly(1.0, 10.0, 100.0, 1000.0, 10000.0);
        assertThat(Axis.label(20000)).isEqualTo("20k");
        assertThat(Axis.label(0.25)).isEqualTo("0.25");
    }
}
