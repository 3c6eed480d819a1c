import dev.stellar.finetune.testing.FakeHub
import java.util.regex.Pattern

try {
    def log = new File(basedir, 'build.log').text
    def endpoint = "http://127.0.0.1:${fakehubPort}"
    assert log.count('BUILD SUCCESS') == 2 : 'both listings pass'
    assert log.contains("Architectures this plugin fine-tunes (config.json's model_type), with well-known checkpoints:") : 'the architectures are listed'
    assert log =~ /\[INFO\]   bert\s+google-bert\/bert-base-uncased, sentence-transformers\/all-MiniLM-L6-v2, BAAI\/bge-small-en-v1.5/ : 'with checkpoints'
    assert log =~ /\[INFO\]   xlm-roberta \(roberta\)\s+FacebookAI\/xlm-roberta-base/ : 'xlm-roberta as read by the roberta family'
    assert log.contains("Models on ${endpoint} matching 'tiny'") : 'the search went to the fake Hub'
    def bert = log.indexOf('google-bert/tiny-bert')
    def roberta = log.indexOf('FacebookAI/tiny-roberta')
    def gpt2 = log.indexOf('openai-community/tiny-gpt2')
    assert bert > 0 && roberta > 0 && gpt2 > Math.max(bert, roberta) : 'fine-tunable models first, the GPT-2 last'
    assert log =~ /google-bert\/tiny-bert\s+bert\s+.*fine-tunable \(bert\)/ : 'the model_type and the verdict'
    assert log =~ /FacebookAI\/tiny-roberta\s+roberta\s+.*fine-tunable \(roberta\)/
    assert log =~ /openai-community\/tiny-gpt2\s+gpt2\s+.*not supported/
    return true
} finally {
    FakeHub.stop(Integer.parseInt(fakehubPort))
}
