package dev.stellar.finetune.report;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The report parsed as XML (it is written well-formed), queried with XPath. */
final class ReportDocument {

    private final Document document;

    private ReportDocument(Document document) {
        this.document = document;
    }

    static ReportDocument parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            return new ReportDocument(factory.newDocumentBuilder().parse(file.toFile()));
        } catch (Exception e) {
            throw new AssertionError("report.html is not well-formed: " + e.getMessage(), e);
        }
    }

    int count(String xpath) {
        try {
            return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET))
                    .getLength();
        } catch (Exception e) {
            throw new AssertionError(xpath + ": " + e.getMessage(), e);
        }
    }

    String text() {
        return document.getDocumentElement().getTextContent();
    }
}
