<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>No Chinese/Japanese font is installed, so CJK text would show as empty boxes. Install one (e.g. &apos;apt-get install fonts-noto-cjk&apos; or &apos;fonts-wqy-microhei&apos;) and restart.</source>
        <translation>未安装中文/日文字体，中日韩文字会显示为空方框。请安装一种字体（例如 &apos;apt-get install fonts-noto-cjk&apos; 或 &apos;fonts-wqy-microhei&apos;）后重新启动。</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Ten short lessons follow the road of the tutorials, from encoder and decoder to RNN against Transformer. &lt;b&gt;Show me&lt;/b&gt; opens the right model, sentence and view; each question&apos;s answer is read from the numbers on screen when you ask for it.</source>
        <translation>十节短课沿着教程的顺序，从编码器和解码器讲到 RNN 与 Transformer 的对比。&lt;b&gt;演示给我看&lt;/b&gt;会打开相应的模型、句子和视图；每个问题的答案在你请求时从屏幕上的数字读出。</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Four lessons have an experiment that trains small models in the background (pause and stop as in the Train tab, a few minutes on a laptop) and plots the result beside what the literature reports: the bottleneck without attention, teacher forcing, beam size, RNN against Transformer. Where the effect does not show at this budget, the verdict says so.</source>
        <translation>有四节课各带一个实验：它在后台训练小模型（可像“训练”标签页中那样暂停和停止，在笔记本电脑上只需几分钟），并把结果画在文献所报告的结果旁边：没有注意力时的瓶颈、教师强制、束宽、RNN 与 Transformer 的对比。在这个预算下看不出效果时，结论会如实说明。</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Source box</source>
        <translation>源句输入框</translation>
    </message>
    <message>
        <source>Type a sentence; it is translated as you type (or press Enter). The model splits it into &lt;i&gt;pieces&lt;/i&gt; (sentencepiece sub-words; a leading · marks the start of a word).</source>
        <translation>输入一个句子；边输入边翻译（或按 Enter）。模型把句子切分成&lt;i&gt;词片&lt;/i&gt;（sentencepiece 子词；开头的 · 表示一个词的开始）。</translation>
    </message>
    <message>
        <source>Attention diagnostics</source>
        <translation>注意力诊断</translation>
    </message>
    <message>
        <source>The line under the heatmap asks whether the attention looks right. &lt;b&gt;Entropy&lt;/b&gt; per step: 0 bits when a step looks at one source piece, the even-spread value when it looks at all alike (attention that has not learnt to align). &lt;b&gt;Coverage&lt;/b&gt;: the attention each source piece received over all steps; little suggests it was left untranslated, much that it was translated twice. The share on &lt;b&gt;punctuation&lt;/b&gt; (and on an end-of-sentence piece) shows attention sinking where it has nothing better to do.</source>
        <translation>热力图下方的一行检查注意力是否合理。每步的&lt;b&gt;熵&lt;/b&gt;：只看一个源词片时为 0 比特，平均看所有词片时为均匀分布的值（注意力尚未学会对齐）。&lt;b&gt;覆盖度&lt;/b&gt;：每个源词片在所有步中获得的注意力总和；太少说明它可能漏译，太多说明它可能被译了两次。落在&lt;b&gt;标点&lt;/b&gt;（以及句末词片）上的比例，显示注意力在无事可做时沉积的地方。</translation>
    </message>
    <message>
        <source>Translation and n-best list</source>
        <translation>译文与 N 最佳列表</translation>
    </message>
    <message>
        <source>The best output, and for beam search the other finished candidates. &lt;b&gt;log P&lt;/b&gt; is the sum of the log-probabilities of the output&apos;s pieces (0 would be certain; more negative is less likely). &lt;b&gt;Score&lt;/b&gt; is log P divided by the length penalty, which is how beam search ranks outputs of different lengths.</source>
        <translation>最佳输出；束搜索时还列出其他已完成的候选。&lt;b&gt;log P&lt;/b&gt; 是输出各词片对数概率之和（0 表示完全确定；越负越不可能）。&lt;b&gt;分数&lt;/b&gt;是 log P 除以长度惩罚，束搜索以此比较长度不同的输出。</translation>
    </message>
    <message>
        <source>Attention heatmap</source>
        <translation>注意力热力图</translation>
    </message>
    <message>
        <source>One row per output piece (a decoder step), one column per source piece (an encoder position). A cell&apos;s colour is the attention weight: the share of that source position in the context vector the decoder used at that step. Each row sums to 1 (softmax). Hover a cell to read it; click a row or its label to list the source pieces that step used most. A clean diagonal means the model aligned words in order; a blurred or uniform row means it did not know where to look.</source>
        <translation>每行是一个输出词片（解码器的一步），每列是一个源词片（编码器的一个位置）。格子的颜色是注意力权重：该源位置在解码器这一步所用上下文向量中所占的份额。每行之和为 1（softmax）。悬停格子可读数；点击某行或其标签，列出这一步用得最多的源词片。清晰的对角线表示模型按顺序对齐了词；模糊或均匀的一行表示它不知道该看哪里。</translation>
    </message>
    <message>
        <source>Gold alignments on the heatmap</source>
        <translation>热图上的标准对齐</translation>
    </message>
    <message>
        <source>When the sentence has gold word alignments, its gold links are drawn over the heatmap: a &lt;b&gt;solid box&lt;/b&gt; for a sure link, a &lt;b&gt;dashed box&lt;/b&gt; for a possible one, each around the pieces of its source word and target word. A sentence of a built-in corpus has them when the model was trained on that corpus (dates, relative times, amounts and quantities: the generator knows which words produced which); any other pair has them from a Pharaoh file (&lt;b&gt;Gold alignments…&lt;/b&gt;: i-j sure, i?j possible, words counted from 0, one line per pair of the pair file beside it). The caption gives the sentence&apos;s &lt;b&gt;AER&lt;/b&gt;: each gold target word is linked to the source word it weighs most, and AER is 0 when every such link is a gold one. The links belong to the gold target: when the output is another, they are not drawn.</source>
        <translation>当句子有标准词对齐时，它的标准链接会画在热图上：&lt;b&gt;实线框&lt;/b&gt;表示确定链接，&lt;b&gt;虚线框&lt;/b&gt;表示可能链接，每个框围住其源语言词和目标语言词的片段。如果模型是在某个内置语料库上训练的，该语料库中的句子就有标准对齐（日期、相对时间、金额和数量：生成器知道哪些词产生了哪些词）；其他句对可以通过 Pharaoh 文件获得（&lt;b&gt;标准对齐…&lt;/b&gt;：i-j 为确定，i?j 为可能，词从 0 开始计数，每行对应旁边句对文件中的一个句对）。说明文字给出该句的 &lt;b&gt;AER&lt;/b&gt;：每个标准目标词链接到它权重最大的源语言词，所有这样的链接都是标准链接时 AER 为 0。这些链接属于标准目标译文：如果输出不是它，就不画出。</translation>
    </message>
    <message>
        <source>Decoding settings</source>
        <translation>解码设置</translation>
    </message>
    <message>
        <source>Greedy takes the most probable piece at each step. Beam search keeps the K best partial translations. Sampling draws each piece at random (temperature, top-k). Max length stops any decoding.</source>
        <translation>贪心解码每步取最可能的词片。束搜索保留 K 个最好的部分译文。采样按随机抽取每个词片（温度、top-k）。最大长度保证任何解码都会停止。</translation>
    </message>
    <message>
        <source>Decoding steps</source>
        <translation>解码步骤</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>At the chosen step, the most probable next pieces and their probabilities. Orange is the piece the decoding took; red marks a piece you forced. Click a bar or a word to ask “what if?”.</source>
        <translation>在所选步骤，最可能的下一个词片及其概率。橙色是解码选中的词片；红色标出你强制指定的词片。点击柱条或词即可问“如果换成它会怎样？”。</translation>
    </message>
    <message>
        <source>Step slider</source>
        <translation>步骤滑块</translation>
    </message>
    <message>
        <source>Walk through the decoding one step at a time, or press Play. Click anywhere on the track to jump to that step. The heatmap beside it grows one row per step.</source>
        <translation>逐步查看解码过程，或按“播放”。点击轨道任意位置可跳到那一步。旁边的热力图每步增加一行。</translation>
    </message>
    <message>
        <source>Beam search tree</source>
        <translation>束搜索树</translation>
    </message>
    <message>
        <source>Every extension beam search weighed: blue kept, green finished (end of sentence), grey pruned, an orange border for the final n-best. Each node shows its piece and its path log-probability. Click a node to go to its step.</source>
        <translation>束搜索权衡过的每个扩展：蓝色为保留，绿色为完成（句末），灰色为剪枝，橙色边框为最终的 N 最佳。每个节点显示其词片和路径对数概率。点击节点可转到它所在的步骤。</translation>
    </message>
    <message>
        <source>What if?</source>
        <translation>如果换成…？</translation>
    </message>
    <message>
        <source>Forces the clicked piece at that step and lets the model continue from there, so you can compare the alternative&apos;s output, log P and attention with the original.</source>
        <translation>在那一步强制使用所点击的词片，让模型从那里继续，这样就能把替代译文的输出、log P 和注意力与原来的相比较。</translation>
    </message>
    <message>
        <source>Pick another candidate of the step: the attribution of log P(chosen) − log P(alternative) answers why the model wrote its piece and not that one. Each bar is a source word (blue) or a word of the output before the step (orange, ↳); bars to the right pushed towards the chosen piece, bars to the left towards the alternative, each a share of the total. Input × gradient, integrated gradients and occlusion are signed; saliency (the gradient&apos;s length) only says how sensitive the difference is to a word.</source>
        <translation>选择这一步的另一个候选：对 log P(所选) − log P(备选) 的归因回答了模型为什么写出它的片段而不是那一个。每根条代表一个源词（蓝色）或这一步之前已输出的一个词（橙色，↳）；向右的条把选择推向所选片段，向左的条推向备选片段，每根条是总量中的一份。输入×梯度、积分梯度和遮挡有正负号；显著性（梯度的长度）只说明这个差值对某个词有多敏感。</translation>
    </message>
    <message>
        <source>An intervention on the attention: from the step shown (or at that step only), take the attention off one source piece (its weight becomes 0 and the others are scaled up to sum to 1), put all of it on one piece, or, in a Transformer, switch off one head of one decoder layer. The model decodes again from the step, greedily, and shows the new output, its attention, the change in log P and the log P of the piece it first wrote there. If taking the attention off a word changes nothing, the model did not need to look there; if the output loses that word, it did. Attention maps say where the model looked; interventions test whether it mattered.</source>
        <translation>对注意力的干预：从当前显示的这一步起（或只在这一步），把注意力从某个源片段上移开（它的权重变为 0，其余权重按比例放大，使总和仍为 1），把全部注意力放到某一个片段上，或者在 Transformer 中关闭某个解码器层的一个头。模型从这一步起重新贪心解码，并显示新的输出、它的注意力、log P 的变化，以及原先在这一步写出的片段现在的 log P。如果把注意力从某个词上移开后什么都没变，说明模型并不需要看那里；如果输出丢掉了这个词，说明它需要。注意力图告诉你模型看了哪里；干预检验那里是否真的重要。</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>The three steps</source>
        <translation>三个步骤</translation>
    </message>
    <message>
        <source>At the chosen decoding step, the decoder&apos;s state (the query q) is scored against the encoder&apos;s output at every source position (the values hⱼ) with this model&apos;s scoring function, shown with the shapes of its weights. The softmax turns the scores into weights that sum to 1, and the context vector is the weights&apos; sum of the values. The numbers are the model&apos;s own: read from its attention module while it writes this sentence&apos;s output.</source>
        <translation>在所选解码步，解码器的状态（查询 q）用本模型的打分函数与编码器在每个源位置的输出（值 hⱼ）计算分数，并显示其权重矩阵的形状。softmax 把分数变成和为 1 的权重，上下文向量就是这些值的加权和。所有数字都来自模型本身：在它写出本句译文时从其注意力模块读取。</translation>
    </message>
    <message>
        <source>Score bars and table</source>
        <translation>分数柱状图与表格</translation>
    </message>
    <message>
        <source>The bars show the raw scores, then the weights after the softmax. The table lists, per source position, the score, the weight and the first components of the value; its last row is the context vector, each component the weights&apos; sum of the column above. Export step saves every component as CSV.</source>
        <translation>柱状图先显示原始分数，再显示 softmax 之后的权重。表格按源位置列出分数、权重和值向量的前几个分量；最后一行是上下文向量，每个分量都是上方该列的加权和。“导出此步”会把所有分量保存为 CSV。</translation>
    </message>
    <message>
        <source>Batch with (padding and the mask)</source>
        <translation>同批句子（填充与掩码）</translation>
    </message>
    <message>
        <source>Sentences are translated in batches padded to the longest one. Type a longer sentence here: this sentence&apos;s extra positions are padding, the mask sets their score to −∞ before the softmax, and their weight is exactly 0, so padding never changes a translation.</source>
        <translation>句子按批翻译，并填充到批中最长句的长度。在这里输入一个更长的句子：本句多出的位置就是填充，掩码在 softmax 之前把它们的分数设为 −∞，其权重恰好为 0，所以填充永远不会改变译文。</translation>
    </message>
    <message>
        <source>No attention</source>
        <translation>无注意力</translation>
    </message>
    <message>
        <source>A model with attention “none” has no scores: the decoder gets the same context vector, the encoder&apos;s final state, at every step; the table shows it.</source>
        <translation>注意力为“无”的模型没有分数：解码器每一步得到的都是同一个上下文向量，即编码器的最终状态；表格会显示它。</translation>
    </message>
    <message>
        <source>A Transformer&apos;s attention computed with its own numbers, for a chosen layer and head: the encoder&apos;s self-attention (each source piece over the source), the decoder&apos;s &lt;b&gt;masked&lt;/b&gt; self-attention (each step over &amp;lt;s&amp;gt; and the pieces before it) or the cross-attention (each step over the encoder&apos;s output). &lt;b&gt;Scores, mask, softmax&lt;/b&gt;: the scaled scores q·k/√d and the weights; a cell the mask hides (a later step, or padding with &lt;i&gt;Batch with&lt;/i&gt;) is hatched and reads −∞: its weight is exactly 0, unlike a learned weight near 0. The table gives the chosen position&apos;s row and the weighted sum of the values. &lt;b&gt;Q, K, V&lt;/b&gt;: the head&apos;s own projections. &lt;b&gt;Positions&lt;/b&gt;: the piece embeddings × √D plus the positional encoding (sinusoidal or learned) make the first layer&apos;s input. &lt;b&gt;Residual path&lt;/b&gt;: one position through the layer, x → norm → attention → + x → norm → feed-forward → + x (pre-norm; post-norm normalises after each sum).</source>
        <translation>用模型自己的数值计算 Transformer 的注意力，针对所选的层和头：编码器自注意力（每个源语言片段关注整个源句）、解码器&lt;b&gt;掩码&lt;/b&gt;自注意力（每个步骤关注 &amp;lt;s&amp;gt; 和它之前的片段）或交叉注意力（每个步骤关注编码器的输出）。&lt;b&gt;分数、掩码、softmax&lt;/b&gt;：缩放分数 q·k/√d 和权重；被掩码隐藏的单元（之后的步骤，或使用&lt;i&gt;同批句子&lt;/i&gt;时的填充）画有斜线并标为 −∞：它的权重恰好为 0，不同于学到的接近 0 的权重。表格给出所选位置的一行以及值向量的加权和。&lt;b&gt;Q、K、V&lt;/b&gt;：这个头自己的投影。&lt;b&gt;位置编码&lt;/b&gt;：片段嵌入 × √D 加上位置编码（正弦或学习得到）构成第一层的输入。&lt;b&gt;残差路径&lt;/b&gt;：一个位置经过该层的过程，x → 归一化 → 注意力 → + x → 归一化 → 前馈网络 → + x（前置归一化；后置归一化在每次求和后归一化）。</translation>
    </message>
    <message>
        <source>Teacher forcing vs free running</source>
        <translation>教师强制与自由运行</translation>
    </message>
    <message>
        <source>Type a reference translation. In training the decoder is fed the reference&apos;s previous piece at every step (teacher forcing); in use it is fed its own. The table gives, per step, the probability of the reference piece when fed the reference, the model&apos;s first choice there, and what it wrote fed its own output. Orange marks the first step where the two part: from there on the model continues a prefix training never fed it (exposure bias). Red marks a reference piece it found unlikely. The two maps show where it looked in each case.</source>
        <translation>输入一个参考译文。训练时，解码器每一步输入的是参考译文的前一个词片（教师强制）；使用时，输入的是它自己的输出。表格逐步给出：输入参考译文时参考词片的概率、模型在该处的首选，以及输入自己输出时它写出的词片。橙色标出两者首次分开的一步：从那里开始，模型接续的是训练中从未见过的前缀（曝光偏差）。红色标出模型认为不太可能的参考词片。两张图显示两种情况下它看向哪里。</translation>
    </message>
    <message>
        <source>Hidden states</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>The encoder&apos;s output at each source piece and the decoder&apos;s RNN output at each step are vectors of a few hundred values. Each sequence is projected on its own first two principal components (the directions along which its states vary most; the share of variance they keep is shown) and drawn as a path from the first piece (blue) to the last (orange). Hover a point for its piece and the first values of its state. For a model of several layers, Layer picks which layer&apos;s states are drawn; the top one is what attention reads.</source>
        <translation>编码器在每个源词片处的输出和解码器每一步的 RNN 输出，都是几百维的向量。每个序列投影到它自己的前两个主成分上（其状态变化最大的方向；图中显示它们保留的方差比例），并画成从第一个词片（蓝）到最后一个（橙）的路径。悬停在点上可看到它的词片和状态的前几个数值。对于多层模型，可用“层”选择画出哪一层的状态；顶层是注意力读取的那一层。</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>词嵌入</translation>
    </message>
    <message>
        <source>Each piece of the vocabulary is a vector (its embedding). The cloud shows them all on their first principal components: two, flat, or three, turned by dragging. The sentence&apos;s pieces are orange. Search a word (or click a point) to see its ten nearest pieces by cosine similarity, computed in the full space: a projection keeps only part of the distances, which the note under the cloud quantifies.</source>
        <translation>词表中的每个词片都是一个向量（它的嵌入）。点云把它们全部画在前几个主成分上：两个（平面），或三个（拖动旋转）。句中的词片为橙色。搜索一个词（或点击一个点），可看到按余弦相似度在完整空间中最近的十个词片：投影只保留了部分距离，点云下方的说明给出了保留的比例。</translation>
    </message>
    <message>
        <source>Attention weights say where the decoder looked, not what its choice depended on; research since 2019 shows the two can differ. This view explains each output piece by a &lt;i&gt;signal&lt;/i&gt; of your choice and puts it beside the attention: the source map (rows: output pieces, columns: source words), the map over the target prefix (the output written before the step, starting with &amp;lt;s&amp;gt;), the attention map and the signal minus the attention. Every signal is normalised per row (its absolute values sum to 1) so that gradients, log-probability drops and weights compare; red counts for the chosen piece, blue against it. The bars below give, at each step, the share of the evidence from the source and from the prefix: a step that mostly continues the words before it (an article&apos;s noun, the end of a word) draws on the prefix.</source>
        <translation>注意力权重说明解码器看了哪里，却不说明它的选择依赖于什么；2019 年以来的研究表明两者可能不同。这个视图用你选择的一种&lt;i&gt;信号&lt;/i&gt;来解释每个输出片段，并把它放在注意力旁边：源端图（行：输出片段，列：源词）、目标前缀图（这一步之前已写出的输出，从 &amp;lt;s&amp;gt; 开始）、注意力图，以及信号减去注意力的差。每种信号都按行归一化（绝对值之和为 1），这样梯度、对数概率的下降和权重就能相互比较；红色支持所选片段，蓝色反对它。下方的条形图给出每一步的证据中来自源端和来自前缀的比例：主要是在延续前面词语的步骤（冠词后的名词、一个词的结尾）更多依赖前缀。</translation>
    </message>
    <message>
        <source>The signals: what each computes and costs</source>
        <translation>各种信号：计算什么，代价多少</translation>
    </message>
    <message>
        <source>&lt;b&gt;Attention&lt;/b&gt;: the weights themselves (a Transformer&apos;s last layer, heads averaged); one forward pass. &lt;b&gt;Gradient saliency&lt;/b&gt;: the length of the gradient of log P(chosen piece) with respect to each word&apos;s embedding, how much a small change there would move the choice; always ≥ 0; one forward and backward pass per step. &lt;b&gt;Input × gradient&lt;/b&gt;: the gradient times the embedding, a first-order estimate of what the word adds; signed; the same cost. &lt;b&gt;Integrated gradients&lt;/b&gt;: the gradient averaged on the straight path from a padding embedding to the real one, times the difference; the attributions add up to the change in log P, and the &lt;i&gt;completeness error&lt;/i&gt; says how nearly (more IG steps, a smaller error); IG steps × output steps passes, the dearest. &lt;b&gt;Occlusion&lt;/b&gt;: how far log P falls when a word is left out (its pieces read as padding); one forward pass per word. For a Transformer also &lt;b&gt;attention rollout&lt;/b&gt; (the layers&apos; attention multiplied through, residual counted as half) and &lt;b&gt;norm-based&lt;/b&gt; contributions ‖α·f(x)‖ (the length of what a word adds through cross-attention, not its weight alone); one forward pass each. Everything runs in the background: Cancel stops it, and a newer request replaces an older one.</source>
        <translation>&lt;b&gt;注意力&lt;/b&gt;：权重本身（Transformer 取最后一层、各头平均）；一次前向计算。&lt;b&gt;梯度显著性&lt;/b&gt;：log P(所选片段) 对每个词嵌入的梯度长度，即那里的微小变化会在多大程度上改变选择；总是 ≥ 0；每一步一次前向和反向计算。&lt;b&gt;输入×梯度&lt;/b&gt;：梯度乘以嵌入，是对这个词贡献的一阶估计；有正负号；代价相同。&lt;b&gt;积分梯度&lt;/b&gt;：沿从填充嵌入到真实嵌入的直线路径取梯度的平均，再乘以两者之差；各词的归因相加等于 log P 的变化，&lt;i&gt;完备性误差&lt;/i&gt;说明相差多少（积分梯度步数越多，误差越小）；需要积分梯度步数 × 输出步数次计算，代价最高。&lt;b&gt;遮挡&lt;/b&gt;：去掉一个词（它的片段按填充读入）后 log P 下降多少；每个词一次前向计算。对 Transformer 还有&lt;b&gt;注意力展开&lt;/b&gt;（各层注意力连乘，残差按一半计）和&lt;b&gt;基于范数&lt;/b&gt;的贡献 ‖α·f(x)‖（一个词经交叉注意力加入的内容的长度，而不只是它的权重）；各一次前向计算。所有计算都在后台进行：“取消”会停止它，较新的请求会替代较旧的请求。</translation>
    </message>
    <message>
        <source>Which signal finds the word a piece translates? Each signal links every output word to the source word its row ranks first, and these links are scored against gold word alignments: the built-in corpus&apos;s (the model&apos;s own corpus, sentences it did not train on), or a corpus file with a Pharaoh file (i-j sure, i?j possible). &lt;b&gt;AER&lt;/b&gt; (alignment error rate) is 0% when every link is a gold one and every sure link is found: lower is better. &lt;b&gt;Precision&lt;/b&gt; (P) is the share of the signal&apos;s links that are gold links, &lt;b&gt;recall&lt;/b&gt; (R) the share of the sure links it finds. Each signal is scored at the output step (blue) and shifted by one (orange: the piece written at step t read from step t+1&apos;s row), because a Transformer&apos;s cross-attention often aligns better with the next word. &lt;i&gt;Every layer and head&lt;/i&gt; adds each layer&apos;s and head&apos;s attention. A low AER says a signal aligns like a dictionary would; it does not say the model used those words: interventions and occlusion test that.</source>
        <translation>哪种信号能找到一个片段所翻译的那个词？每种信号把每个输出词链接到它那一行中排名第一的源词，这些链接再与标准词对齐比较打分：使用内置语料的标准对齐（模型自己的语料中它没有训练过的句子），或者一个语料文件加上一个对齐文件（每行形如 i-j 表示确定，i?j 表示可能）。&lt;b&gt;AER&lt;/b&gt;（对齐错误率）在每个链接都是标准链接、且找到了所有确定链接时为 0%：越低越好。&lt;b&gt;精确率&lt;/b&gt;（P）是信号给出的链接中属于标准链接的比例，&lt;b&gt;召回率&lt;/b&gt;（R）是它找到的确定链接的比例。每种信号分别在输出这一步打分（蓝色）和错后一步打分（橙色：第 t 步写出的片段从第 t+1 步的那一行读取），因为 Transformer 的交叉注意力往往与下一个词对齐得更好。&lt;i&gt;每一层和每个头&lt;/i&gt;会加入各层、各头的注意力。AER 低说明一种信号像词典一样对齐；并不说明模型用了这些词：干预和遮挡才检验这一点。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>1 · Data</source>
        <translation>1 · 数据</translation>
    </message>
    <message>
        <source>A built-in corpus (generated on this machine) or your own file of sentence pairs: a TSV of &apos;source&amp;lt;TAB&amp;gt;target&apos; lines, or two aligned files. The page shows statistics, a length histogram (in words, or in characters for scripts written without spaces, such as Chinese), what was skipped and why, and how a sentence is split into pieces.</source>
        <translation>内置语料（在本机生成）或你自己的句对文件：每行为“源句&amp;lt;TAB&amp;gt;目标句”的 TSV，或两个对齐的文件。本页显示统计信息、长度直方图（按词计，不用空格分词的文字如中文按字符计）、跳过了哪些内容及原因，以及一个句子如何被切分成词片。</translation>
    </message>
    <message>
        <source>2 · Model and training</source>
        <translation>2 · 模型与训练</translation>
    </message>
    <message>
        <source>The architecture and the training settings (every option is explained below).</source>
        <translation>模型结构与训练设置（每个选项的说明见下文）。</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Training loss (cross-entropy per target piece) at every step; dev loss, BLEU and chrF at each evaluation; the learning rate; and the speed in target tokens per second. Dev loss rising while training loss falls means over-fitting.</source>
        <translation>每一步的训练损失（每个目标词片的交叉熵）；每次评估的开发集损失、BLEU 和 chrF；学习率；以及每秒目标词元数表示的速度。训练损失下降而开发集损失上升，说明过拟合。</translation>
    </message>
    <message>
        <source>Probe attention and samples</source>
        <translation>探针注意力与样例</translation>
    </message>
    <message>
        <source>At every evaluation the probe sentence is translated and its attention drawn, so you can watch alignment emerge; a few dev sentences are translated beside their references.</source>
        <translation>每次评估都会翻译探针句并画出其注意力，你可以看着对齐逐渐出现；几个开发集句子的译文会与参考译文并列显示。</translation>
    </message>
    <message>
        <source>Buttons</source>
        <translation>按钮</translation>
    </message>
    <message>
        <source>Pause, resume and stop at any time (the last checkpoint is kept). “Translate with this model now” loads a copy of the weights at the last evaluation; “Open the trained model” loads the best checkpoint.</source>
        <translation>随时可以暂停、继续和停止（保留最后一个检查点）。“立即用此模型翻译”加载上次评估时权重的副本；“打开训练好的模型”加载最佳检查点。</translation>
    </message>
    <message>
        <source>Following a run trained elsewhere</source>
        <translation>跟随在别处训练的运行</translation>
    </message>
    <message>
        <source>File → Follow a training run folder… opens a run that another process writes (a torchrun job on this machine, or a folder synced from a server). Its curves, probe attention and samples update here, read-only, as its files arrive, and Replay and Compare list it. Only files the training has finished writing are read.</source>
        <translation>文件 → 跟随训练运行文件夹… 会打开另一个进程正在写入的运行（本机上以分布式方式启动的训练，或从服务器同步来的文件夹）。随着文件到达，它的曲线、探针句的注意力和样例译文会在这里以只读方式更新，“回放”和“比较”也会列出它。只读取训练已经写完的文件。</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>At every evaluation a run keeps a light copy of its weights (half precision, in the run folder&apos;s snapshots/ folder). When there are too many, every other one goes, so those kept stay evenly spread over the run; the first always stays.</source>
        <translation>每次评估时，训练运行都会保存一份轻量的权重副本（半精度，存放在运行文件夹的 snapshots/ 中）。快照过多时每隔一个删除一个，使保留的快照在整个运行中均匀分布；第一个始终保留。</translation>
    </message>
    <message>
        <source>Slider and Play</source>
        <translation>滑块与播放</translation>
    </message>
    <message>
        <source>Choose a run and type a sentence: the slider re-translates it with the weights of each snapshot, and Play steps through them, so you see alignment emerge. The red line on the run&apos;s curves marks where in training that snapshot was. A run still training adds snapshots as it goes.</source>
        <translation>选择一个训练运行并输入句子：滑块会用每个快照的权重重新翻译它，“播放”依次经过各快照，让你看到对齐逐渐出现。运行曲线上的红线标出该快照在训练中的位置。仍在训练的运行会不断增加快照。</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Two models, one sentence</source>
        <translation>两个模型，一个句子</translation>
    </message>
    <message>
        <source>Two runs, two snapshots of one run, or a run and a bundled model, with the decoding settings of the Translate tab. Each output shows its log P, and the log P the other model gives it.</source>
        <translation>两个训练运行、同一运行的两个快照，或一个运行与一个内置模型，使用“翻译”页的解码设置。每个输出显示它的 log P，以及另一个模型给它的 log P。</translation>
    </message>
    <message>
        <source>Maps and difference</source>
        <translation>注意力图与差异</translation>
    </message>
    <message>
        <source>Rows are model A&apos;s output. B&apos;s map is where B looks when made to write A&apos;s output (forced decoding), so both maps share rows and columns and can be subtracted: red where A looked more, blue where B did. When the models cut text into different pieces, both maps are regrouped into words by the characters the pieces cover.</source>
        <translation>行是模型 A 的输出。B 的图表示 B 被迫写出 A 的输出时看向哪里（强制解码），因此两张图行列相同、可以相减：红色表示 A 看得更多，蓝色表示 B 看得更多。若两个模型切分词片的方式不同，两张图都会按词片覆盖的字符重新归并为词。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Tick runs to draw their curves on the same axes (train loss, dev BLEU and chrF, tokens/s), by step or by training time. The legend names each run&apos;s key settings (cell, size, attention, decoder, batch, learning rate).</source>
        <translation>勾选训练运行，把它们的曲线画在同一坐标轴上（训练损失、开发集 BLEU 和 chrF、词元/秒），横轴为步数或训练时间。图例列出每个运行的关键设置（单元、大小、注意力、解码器、批大小、学习率）。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Summary and history</source>
        <translation>概要与历史</translation>
    </message>
    <message>
        <source>What the loaded model is (architecture, sizes, vocabulary, training settings and data) and the curves of the run that trained it.</source>
        <translation>已加载模型是什么（结构、大小、词表、训练设置和数据），以及训练它的那次运行的曲线。</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Seq2Seq Studio — guide to the views&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Seq2Seq Studio — 视图指南&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Training options</source>
        <translation>训练选项</translation>
    </message>
    <message>
        <source>Seq2Seq Studio — guide</source>
        <translation>Seq2Seq Studio — 指南</translation>
    </message>
    <message>
        <source>{app_name} — loading model…</source>
        <translation>{app_name} — 正在加载模型…</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Lessons from encoder and decoder to the Transformer, each with a Show me</source>
        <translation>从编码器与解码器到 Transformer 的课程，每课都有“演示给我看”</translation>
    </message>
    <message>
        <source>What happens inside a translation: attention with its numbers, teacher forcing against free running</source>
        <translation>翻译时模型内部发生了什么：带数字的注意力，教师强制与自由运行的对比</translation>
    </message>
    <message>
        <source>A sentence through a run&apos;s snapshots: watch alignment emerge</source>
        <translation>一个句子经过训练运行的各个快照：看着对齐逐渐出现</translation>
    </message>
    <message>
        <source>Two models on the same sentence, side by side</source>
        <translation>两个模型翻译同一个句子，并排比较</translation>
    </message>
    <message>
        <source>The curves of several runs on the same axes</source>
        <translation>多个训练运行的曲线画在同一坐标轴上</translation>
    </message>
    <message>
        <source>Model: loading…</source>
        <translation>模型：加载中…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Bundled models</source>
        <translation>内置模型(&amp;B)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Follow a training run folder…</source>
        <translation>跟随训练运行文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Chinese output</source>
        <translation>中文输出(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide to the views</source>
        <translation>视图指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The interface changes language when the training ends.</source>
        <translation>训练结束后界面将切换语言。</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>This model is not saved yet: wait for training to write a checkpoint.</source>
        <translation>此模型尚未保存：请等待训练写出检查点。</translation>
    </message>
    <message>
        <source>Save model as</source>
        <translation>模型另存为</translation>
    </message>
    <message>
        <source>The model could not be saved: {err}</source>
        <translation>无法保存模型：{err}</translation>
    </message>
    <message>
        <source>Saved {target}</source>
        <translation>已保存 {target}</translation>
    </message>
    <message>
        <source> (snapshot, in training)</source>
        <translation>（快照，训练中）</translation>
    </message>
    <message>
        <source> (snapshot; its run has ended)</source>
        <translation>（快照；其训练已结束）</translation>
    </message>
    <message>
        <source>Model: &lt;b&gt;{name}&lt;/b&gt;{suffix} · {description}</source>
        <translation>模型：&lt;b&gt;{name}&lt;/b&gt;{suffix} · {description}</translation>
    </message>
    <message>
        <source>Loaded {name}</source>
        <translation>已加载 {name}</translation>
    </message>
    <message>
        <source>The model could not be opened.</source>
        <translation>无法打开该模型。</translation>
    </message>
    <message>
        <source>Model: none (open one from the File menu)</source>
        <translation>模型：无（请从“文件”菜单打开一个）</translation>
    </message>
    <message>
        <source>{app_name} — no model</source>
        <translation>{app_name} — 无模型</translation>
    </message>
    <message>
        <source>&lt;b&gt;Seq2Seq Studio&lt;/b&gt;&lt;br&gt;Train, run and watch attention sequence-to-sequence models think.&lt;br&gt;&lt;br&gt;Built-in corpora from CLDR (babel) and num2words.&lt;br&gt;The bundled everyday models were trained on sentence pairs of the Tatoeba Project (tatoeba.org) and www.manythings.org/anki, CC-BY 2.0 FR; see each model&apos;s card in the Model tab.</source>
        <translation>&lt;b&gt;Seq2Seq Studio&lt;/b&gt;&lt;br&gt;训练、运行并观察注意力序列到序列模型如何思考。&lt;br&gt;&lt;br&gt;内置语料由 CLDR（babel）和 num2words 生成。&lt;br&gt;内置的日常用语模型使用 Tatoeba 项目（tatoeba.org）和 www.manythings.org/anki 的句对训练，许可为 CC-BY 2.0 FR；详见“模型”页中每个模型的模型卡。</translation>
    </message>
    <message>
        <source>A model is training. Stop training and quit?
The last checkpoint is kept.</source>
        <translation>有模型正在训练。停止训练并退出吗？
最后一个检查点会保留。</translation>
    </message>
    <message>
        <source>dot (Luong)</source>
        <translation>点积（Luong）</translation>
    </message>
    <message>
        <source>general (Luong)</source>
        <translation>一般（Luong）</translation>
    </message>
    <message>
        <source>concat (Luong)</source>
        <translation>拼接（Luong）</translation>
    </message>
    <message>
        <source>additive (Bahdanau)</source>
        <translation>加性（Bahdanau）</translation>
    </message>
    <message>
        <source>scaled dot-product (Transformer cross-attention)</source>
        <translation>缩放点积（Transformer 交叉注意力）</translation>
    </message>
    <message>
        <source>Which decoder layer&apos;s cross-attention</source>
        <translation>显示解码器哪一层的交叉注意力</translation>
    </message>
    <message>
        <source>Which head: each has its own projections of the query, the keys and the values</source>
        <translation>显示哪个头：每个头对查询、键和值各有自己的投影</translation>
    </message>
    <message>
        <source>Optional: a longer sentence in the same batch, to see padding and the mask</source>
        <translation>可选：同一批中的一个更长的句子，用来查看填充和掩码</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Translate the sentence and compute its attention step by step</source>
        <translation>翻译该句并逐步计算其注意力</translation>
    </message>
    <message>
        <source>Which decoding step&apos;s attention to show</source>
        <translation>显示哪一个解码步的注意力</translation>
    </message>
    <message>
        <source>Every source position at this step: its score, its weight after the softmax, and the first components of its encoder output (the value). The last row is their weighted sum, the context vector.</source>
        <translation>这一步的每个源位置：它的分数、softmax 之后的权重，以及它的编码器输出（值）的前几个分量。最后一行是它们的加权和，即上下文向量。</translation>
    </message>
    <message>
        <source>Export step…</source>
        <translation>导出此步…</translation>
    </message>
    <message>
        <source>Save this step&apos;s numbers (every value component) as CSV</source>
        <translation>把这一步的数字（值向量的所有分量）保存为 CSV</translation>
    </message>
    <message>
        <source>Export bars…</source>
        <translation>导出柱状图…</translation>
    </message>
    <message>
        <source>Save the score and weight bars as PNG or SVG</source>
        <translation>把分数柱状图和权重柱状图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the bars</source>
        <translation>导出柱状图</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>Batch with</source>
        <translation>同批句子</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>How this model scores, normalises and sums</source>
        <translation>此模型如何打分、归一化和求和</translation>
    </message>
    <message>
        <source>Translate a sentence to see its attention computed step by step.</source>
        <translation>翻译一个句子，即可看到其注意力的逐步计算。</translation>
    </message>
    <message>
        <source>Type a sentence.</source>
        <translation>请输入一个句子。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>{kind}, layer {layer}, head {head}</source>
        <translation>{kind}，第 {layer} 层，第 {head} 头</translation>
    </message>
    <message>
        <source>&lt;b&gt;{kind}&lt;/b&gt; attention · output: &lt;b&gt;{output}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{kind}&lt;/b&gt;注意力 · 输出：&lt;b&gt;{output}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No scores: the context is the encoder&apos;s final state, the same at every step: {formula}</source>
        <translation>没有分数：上下文就是编码器的最终状态，每一步都相同：{formula}</translation>
    </message>
    <message>
        <source>(kⱼ = hⱼ, or W_k·hⱼ when the encoder is wider than the decoder)</source>
        <translation>（kⱼ = hⱼ；编码器比解码器宽时为 W_k·hⱼ）</translation>
    </message>
    <message>
        <source>(padded positions: score −∞, so α = 0)</source>
        <translation>（填充位置：分数为 −∞，因此 α = 0）</translation>
    </message>
    <message>
        <source>Batch of {sentences} sentences padded to {positions} positions; this sentence has {length}, so {padding} are padding.</source>
        <translation>一批 {sentences} 个句子，填充到 {positions} 个位置；本句有 {length} 个，因此 {padding} 个是填充。</translation>
    </message>
    <message>
        <source>source piece</source>
        <translation>源词片</translation>
    </message>
    <message>
        <source>weight α</source>
        <translation>权重 α</translation>
    </message>
    <message>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>{step} of {count}: writing &apos;{piece}&apos;</source>
        <translation>第 {step} 步，共 {count} 步：写出 &apos;{piece}&apos;</translation>
    </message>
    <message>
        <source>Padding: this sentence is shorter than the longest in its batch. The mask sets its score to −∞ before the softmax, so its weight is exactly 0.</source>
        <translation>填充：本句比批中最长的句子短。掩码在 softmax 之前把它的分数设为 −∞，因此其权重恰好为 0。</translation>
    </message>
    <message>
        <source>c = h_S (fixed)</source>
        <translation>c = h_S（固定）</translation>
    </message>
    <message>
        <source>query q: ‖q‖ = {norm:.3f} ({shape} values); </source>
        <translation>查询 q：‖q‖ = {norm:.3f}（{shape} 个数值）；</translation>
    </message>
    <message>
        <source>{query}context c: ‖c‖ = {norm:.3f}, {size} values (first {value_components} shown; Export step saves them all).</source>
        <translation>{query}上下文 c：‖c‖ = {norm:.3f}，{size} 个数值（显示前 {value_components} 个；“导出此步”会保存全部）。</translation>
    </message>
    <message>
        <source>No scores: without attention the decoder gets the same context vector, the encoder&apos;s final state, at every step.</source>
        <translation>没有分数：没有注意力时，解码器每一步得到的都是同一个上下文向量，即编码器的最终状态。</translation>
    </message>
    <message>
        <source>step {step}: writing &apos;{piece}&apos;</source>
        <translation>第 {step} 步：写出 &apos;{piece}&apos;</translation>
    </message>
    <message>
        <source>Nothing to export yet: compute a sentence first.</source>
        <translation>尚无可导出的内容：请先计算一个句子。</translation>
    </message>
    <message>
        <source>Export this step&apos;s numbers</source>
        <translation>导出这一步的数字</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Rows are A&apos;s output. B&apos;s map shows where B looks when made to write A&apos;s output (forced decoding), so both maps share rows and columns; the difference is red where A looked more, blue where B did.</source>
        <translation>行是 A 的输出。B 的图表示 B 被迫写出 A 的输出时看向哪里（强制解码），因此两张图行列相同；差异图中红色表示 A 看得更多，蓝色表示 B 看得更多。</translation>
    </message>
    <message>
        <source>The two models cut text into different pieces, so both maps are regrouped by the characters they cover, into words: a column sums the pieces of a source word, a row averages the pieces of an output word. B&apos;s map shows where B looks when made to write A&apos;s output (forced decoding), so both maps share rows and columns; the difference is red where A looked more, blue where B did.</source>
        <translation>两个模型切分词片的方式不同，因此两张图都按词片覆盖的字符重新归并为词：一列是一个源词各词片之和，一行是一个输出词各词片的平均。B 的图表示 B 被迫写出 A 的输出时看向哪里（强制解码），因此两张图行列相同；差异图中红色表示 A 看得更多，蓝色表示 B 看得更多。</translation>
    </message>
    <message>
        <source>A sentence to translate with both models</source>
        <translation>用两个模型翻译的句子</translation>
    </message>
    <message>
        <source>Translate the sentence with both models (decoding settings of the Translate tab)</source>
        <translation>用两个模型翻译该句（使用“翻译”页的解码设置）</translation>
    </message>
    <message>
        <source>Choose two models and a sentence, then press Compare.</source>
        <translation>选择两个模型和一个句子，然后按“比较”。</translation>
    </message>
    <message>
        <source>Model A</source>
        <translation>模型 A</translation>
    </message>
    <message>
        <source>Model B</source>
        <translation>模型 B</translation>
    </message>
    <message>
        <source>A built-in corpus (its test split) or a corpus file (TSV, or two aligned files as A.src,B.tgt)</source>
        <translation>内置语料库（用其测试集）或语料文件（TSV，或两个对齐文件 A.src,B.tgt）</translation>
    </message>
    <message>
        <source> sentences</source>
        <translation> 句</translation>
    </message>
    <message>
        <source>BLEU by length</source>
        <translation>按长度的 BLEU</translation>
    </message>
    <message>
        <source>Translate the corpus&apos;s sentences with both models and draw BLEU by source length (decoding settings of the Translate tab)</source>
        <translation>用两个模型翻译语料中的句子，并按源句长度画出 BLEU（使用“翻译”页的解码设置）</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <source>Choose two models and a corpus.</source>
        <translation>请选择两个模型和一个语料。</translation>
    </message>
    <message>
        <source>Translating {count} sentences of {corpus} with both models…</source>
        <translation>正在用两个模型翻译 {corpus} 的 {count} 个句子……</translation>
    </message>
    <message>
        <source>BLEU by source length on {corpus}</source>
        <translation>{corpus} 上按源句长度的 BLEU</translation>
    </message>
    <message>
        <source>{count} sentences: BLEU {bleu_a:.1f} (A) and {bleu_b:.1f} (B) over all of them.</source>
        <translation>{count} 个句子：整体 BLEU 为 {bleu_a:.1f}（A）和 {bleu_b:.1f}（B）。</translation>
    </message>
    <message>
        <source>Choose two models and type a sentence.</source>
        <translation>请选择两个模型并输入一个句子。</translation>
    </message>
    <message>
        <source>Translating with both models…</source>
        <translation>正在用两个模型翻译…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{tag}&lt;/b&gt; &lt;span style=&apos;color:#555&apos;&gt;{name}&lt;/span&gt;: &lt;b&gt;{value}&lt;/b&gt; &amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;log P {log_prob:.2f} ({mean_log_prob:.2f} per piece); {other} gives this output log P {other_log_prob:.2f}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{tag}&lt;/b&gt; &lt;span style=&apos;color:#555&apos;&gt;{name}&lt;/span&gt;：&lt;b&gt;{value}&lt;/b&gt; &amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;log P {log_prob:.2f}（每个词片 {mean_log_prob:.2f}）；{other} 给这个输出的 log P 为 {other_log_prob:.2f}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Both models wrote the same output. </source>
        <translation>两个模型写出了相同的输出。</translation>
    </message>
    <message>
        <source>The outputs differ. </source>
        <translation>两个输出不同。</translation>
    </message>
    <message>
        <source>Model {missing} has no attention (one fixed context vector):
nothing to compare.</source>
        <translation>模型 {missing} 没有注意力（只有一个固定的上下文向量）：
无可比较。</translation>
    </message>
    <message>
        <source>B writing A&apos;s output: {name}</source>
        <translation>B 写出 A 的输出：{name}</translation>
    </message>
    <message>
        <source>Built-in: English → French (dates, numbers, amounts…)</source>
        <translation>内置：英语 → 法语（日期、数字、金额…）</translation>
    </message>
    <message>
        <source>Built-in: English → German</source>
        <translation>内置：英语 → 德语</translation>
    </message>
    <message>
        <source>Built-in: English → Spanish</source>
        <translation>内置：英语 → 西班牙语</translation>
    </message>
    <message>
        <source>Built-in: English → Chinese (no spaces)</source>
        <translation>内置：英语 → 中文（无空格）</translation>
    </message>
    <message>
        <source>Sentence pairs (*.tsv *.txt *.src);;All files (*)</source>
        <translation>句对文件 (*.tsv *.txt *.src);;所有文件 (*)</translation>
    </message>
    <message>
        <source>names</source>
        <translation>人名</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source>relative time</source>
        <translation>相对时间</translation>
    </message>
    <message>
        <source>currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>cardinal</source>
        <translation>基数</translation>
    </message>
    <message>
        <source>ordinal</source>
        <translation>序数</translation>
    </message>
    <message>
        <source>number format</source>
        <translation>数字格式</translation>
    </message>
    <message>
        <source>duplicate pair</source>
        <translation>重复的句对</translation>
    </message>
    <message>
        <source>line longer than {count} bytes</source>
        <translation>行长超过 {count} 字节</translation>
    </message>
    <message>
        <source>longer than {count} words</source>
        <translation>超过 {count} 个词</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>empty side</source>
        <translation>一侧为空</translation>
    </message>
    <message>
        <source> (first at line {line})</source>
        <translation>（首次出现于第 {line} 行）</translation>
    </message>
    <message>
        <source> (first at {place})</source>
        <translation>（首次出现于 {place}）</translation>
    </message>
    <message>
        <source>{count} {reason}</source>
        <translation>{count} 个{reason}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>only {count} distinct source sentences (fewer than {minimum}): nothing can be held out, so dev and test scores are measured on training pairs</source>
        <translation>只有 {count} 个不同的源句（少于 {minimum} 个）：无法留出数据，因此开发集和测试集分数是在训练句对上测得的</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{kind} {count}</source>
        <translation>{kind} {count}</translation>
    </message>
    <message>
        <source>Built-in corpora are generated on this machine from CLDR data (babel) and num2words.</source>
        <translation>内置语料在本机由 CLDR 数据（babel）和 num2words 生成。</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>A TSV file of &apos;source&lt;TAB&gt;target&apos; lines (Tatoeba/manythings layout), or aligned .src/.tgt files</source>
        <translation>每行为“源句&lt;TAB&gt;目标句”的 TSV 文件（Tatoeba/manythings 格式），或对齐的 .src/.tgt 文件</translation>
    </message>
    <message>
        <source>…or drop a pairs file onto this page.</source>
        <translation>…或把句对文件拖放到本页。</translation>
    </message>
    <message>
        <source>The chosen corpus is read when this page opens.</source>
        <translation>打开本页时读取所选语料。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>A sentence to split into pieces</source>
        <translation>要切分成词片的句子</translation>
    </message>
    <message>
        <source>Train vocabulary preview</source>
        <translation>训练词表预览</translation>
    </message>
    <message>
        <source>Train sentencepiece with the Vocabulary settings on a sample of this corpus</source>
        <translation>用“词表”设置在本语料的样本上训练 sentencepiece</translation>
    </message>
    <message>
        <source>Tokenisation preview</source>
        <translation>分词预览</translation>
    </message>
    <message>
        <source>Reading {spec}…</source>
        <translation>正在读取 {spec}…</translation>
    </message>
    <message>
        <source>Open sentence pairs</source>
        <translation>打开句对文件</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: ready to train.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;：可以开始训练。</translation>
    </message>
    <message>
        <source>&lt;br&gt;kinds: </source>
        <translation>&lt;br&gt;类别：</translation>
    </message>
    <message>
        <source>nothing skipped</source>
        <translation>无跳过</translation>
    </message>
    <message>
        <source>{pairs:,} pairs — train {train:,}, dev {dev:,}, test {test:,} (split by source sentence)&lt;br&gt;mean length: source {src_length_mean:.1f} {src_length_unit}, target {tgt_length_mean:.1f} {tgt_length_unit}{kinds}&lt;br&gt;skipped: {skipped}</source>
        <translation>{pairs:,} 个句对 — 训练 {train:,}，开发 {dev:,}，测试 {test:,}（按源句划分）&lt;br&gt;平均长度：源 {src_length_mean:.1f} {src_length_unit}，目标 {tgt_length_mean:.1f} {tgt_length_unit}{kinds}&lt;br&gt;跳过：{skipped}</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#b00020&apos;&gt;Note: {warning}.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#b00020&apos;&gt;注意：{warning}。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Press &apos;Train vocabulary preview&apos; to see how the sentence is split.</source>
        <translation>按“训练词表预览”查看句子如何切分。</translation>
    </message>
    <message>
        <source>Load a corpus first.</source>
        <translation>请先加载语料。</translation>
    </message>
    <message>
        <source>training sentencepiece on a sample…</source>
        <translation>正在样本上训练 sentencepiece…</translation>
    </message>
    <message>
        <source>{count} source pieces: </source>
        <translation>{count} 个源词片：</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;vocabulary: {vocab_size} source, {vocab_size2} target pieces&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;词表：源 {vocab_size} 个、目标 {vocab_size2} 个词片&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Greedy takes the most probable piece at each step. Beam search keeps the K best partial translations. Sampling draws each piece at random from the model&apos;s distribution.</source>
        <translation>贪心解码每步取最可能的词片。束搜索保留 K 个最好的部分译文。采样按模型的概率分布随机抽取每个词片。</translation>
    </message>
    <message>
        <source>Beam size K: how many partial translations are kept at each step.</source>
        <translation>束宽 K：每一步保留多少个部分译文。</translation>
    </message>
    <message>
        <source>How many finished translations to list (at most the beam size).</source>
        <translation>列出多少个已完成的译文（最多为束宽）。</translation>
    </message>
    <message>
        <source>Length penalty α (GNMT): higher favours longer outputs; 0 ranks by raw log-probability.</source>
        <translation>长度惩罚 α（GNMT）：越大越偏好较长的输出；0 表示按原始对数概率排序。</translation>
    </message>
    <message>
        <source>Temperature: below 1 sharpens the distribution, above 1 flattens it.</source>
        <translation>温度：小于 1 使分布更尖锐，大于 1 使其更平坦。</translation>
    </message>
    <message>
        <source>Sample only among the k most probable pieces (0: the whole vocabulary).</source>
        <translation>只在最可能的 k 个词片中采样（0：整个词表）。</translation>
    </message>
    <message>
        <source>Maximum output length, in target pieces per source piece (plus 10): decoding always stops.</source>
        <translation>最大输出长度，按每个源词片对应的目标词片数计（另加 10）：解码总会停止。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Beam size</source>
        <translation>束宽</translation>
    </message>
    <message>
        <source>N-best</source>
        <translation>N 最佳</translation>
    </message>
    <message>
        <source>Length penalty</source>
        <translation>长度惩罚</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Max length ×</source>
        <translation>最大长度 ×</translation>
    </message>
    <message>
        <source>Hover a point to name it; click one, or search a word, to see its nearest neighbours.</source>
        <translation>悬停在点上可看到它的名称；点击一个点或搜索一个词，可看到它的最近邻。</translation>
    </message>
    <message>
        <source>The encoder&apos;s (source) or the decoder&apos;s (target) embedding table</source>
        <translation>编码器（源）或解码器（目标）的嵌入表</translation>
    </message>
    <message>
        <source>Three principal components, turned with the mouse; off: the first two, flat</source>
        <translation>三个主成分，用鼠标旋转；关闭时为前两个（平面）</translation>
    </message>
    <message>
        <source>Search a word or piece</source>
        <translation>搜索词或词片</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>The closest pieces by cosine similarity of their full embeddings</source>
        <translation>按完整嵌入的余弦相似度最接近的词片</translation>
    </message>
    <message>
        <source>Embeddings of</source>
        <translation>嵌入：</translation>
    </message>
    <message>
        <source>Nearest neighbours</source>
        <translation>最近邻</translation>
    </message>
    <message>
        <source>Rows are the output&apos;s pieces, columns words. Hover a cell to read its value; click a row to follow it in every map.</source>
        <translation>行是输出的片段，列是词。把鼠标停在格子上可读出数值；点击一行可在每张图中跟随这一行。</translation>
    </message>
    <message>
        <source>Which signal explains each output piece</source>
        <translation>用哪种信号解释每个输出片段</translation>
    </message>
    <message>
        <source>Integrated gradients: points on the path from the padding embedding to the real one (more: a smaller completeness error, slower)</source>
        <translation>积分梯度：从填充嵌入到真实嵌入的路径上取多少个点（越多：完备性误差越小，越慢）</translation>
    </message>
    <message>
        <source>Translate the sentence and explain each output piece by the chosen signal</source>
        <translation>翻译这个句子，并用所选信号解释每个输出片段</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the computation</source>
        <translation>停止计算</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>IG steps</source>
        <translation>积分梯度步数</translation>
    </message>
    <message>
        <source>Export figure…</source>
        <translation>导出图像…</translation>
    </message>
    <message>
        <source>Save the maps and the share as PNG or SVG</source>
        <translation>把各图和比例图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the attribution maps</source>
        <translation>导出归因图</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save every step&apos;s values as CSV</source>
        <translation>把每一步的数值保存为 CSV</translation>
    </message>
    <message>
        <source>Maps, step by step</source>
        <translation>逐步的图</translation>
    </message>
    <message>
        <source>Scoreboard against gold alignments</source>
        <translation>对照标准对齐的评分榜</translation>
    </message>
    <message>
        <source>One signal&apos;s source and prefix maps beside the attention</source>
        <translation>一种信号的源端图和前缀图，与注意力并排</translation>
    </message>
    <message>
        <source>Every signal&apos;s alignment error (AER) against gold word alignments</source>
        <translation>每种信号对照标准词对齐的对齐错误率（AER）</translation>
    </message>
    <message>
        <source>{hint} Output decoded: {method}.</source>
        <translation>{hint} 输出的解码方式：{method}。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Export the attribution</source>
        <translation>导出归因</translation>
    </message>
    <message>
        <source>Gold-aligned sentences to score (integrated gradients cost most)</source>
        <translation>参与打分的带标准对齐的句子数（积分梯度代价最高）</translation>
    </message>
    <message>
        <source>Every layer and head</source>
        <translation>每一层和每个头</translation>
    </message>
    <message>
        <source>Also each layer&apos;s and head&apos;s attention and each layer&apos;s norm-based map</source>
        <translation>同时列出各层、各头的注意力和各层基于范数的图</translation>
    </message>
    <message>
        <source>Gold file…</source>
        <translation>标准对齐文件…</translation>
    </message>
    <message>
        <source>Score on your own corpus file: choose it, then its gold alignments in Pharaoh format (i-j sure, i?j possible; one line per pair)</source>
        <translation>在你自己的语料文件上打分：先选择它，再选择它的标准对齐文件（每个句对一行，i-j 表示确定，i?j 表示可能）</translation>
    </message>
    <message>
        <source>Compute scoreboard</source>
        <translation>计算评分榜</translation>
    </message>
    <message>
        <source>The model&apos;s built-in corpus has gold alignments; another corpus needs a gold file.</source>
        <translation>模型的内置语料带有标准对齐；其他语料需要一个标准对齐文件。</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>句子数</translation>
    </message>
    <message>
        <source>Save the chart as PNG or SVG</source>
        <translation>把图表保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the scoreboard</source>
        <translation>导出评分榜</translation>
    </message>
    <message>
        <source>Save every signal&apos;s AER, precision and recall as CSV</source>
        <translation>把每种信号的 AER、精确率和召回率保存为 CSV</translation>
    </message>
    <message>
        <source>Compute the scoreboard: each signal&apos;s alignment error against gold alignments.</source>
        <translation>计算评分榜：每种信号对照标准对齐的对齐错误率。</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>请先加载一个模型。</translation>
    </message>
    <message>
        <source>Scoring every signal on {corpus}…</source>
        <translation>正在 {corpus} 上为每种信号打分…</translation>
    </message>
    <message>
        <source>{sentences} sentences scored in {seconds:.1f} s. AER: lower is better; P: precision, R: recall.</source>
        <translation>用 {seconds:.1f} 秒为 {sentences} 个句子打分。AER：越低越好；P：精确率，R：召回率。</translation>
    </message>
    <message>
        <source>The corpus file to score on</source>
        <translation>用于打分的语料文件</translation>
    </message>
    <message>
        <source>Sentence pairs (*.tsv *.txt);;All files (*)</source>
        <translation>句对 (*.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Its gold alignments (Pharaoh format)</source>
        <translation>它的标准对齐（i-j 格式）</translation>
    </message>
    <message>
        <source>Alignments (*.align *.pharaoh *.txt);;All files (*)</source>
        <translation>对齐 (*.align *.pharaoh *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Gold alignments: {gold} for {corpus}.</source>
        <translation>标准对齐：{gold}，对应 {corpus}。</translation>
    </message>
    <message>
        <source>Nothing to export yet: compute the scoreboard first.</source>
        <translation>还没有可导出的内容：请先计算评分榜。</translation>
    </message>
    <message>
        <source>Save the cloud as PNG or SVG</source>
        <translation>把点云保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the cloud</source>
        <translation>导出点云</translation>
    </message>
    <message>
        <source>Export points…</source>
        <translation>导出坐标…</translation>
    </message>
    <message>
        <source>Save every piece&apos;s coordinates on the three components as CSV</source>
        <translation>把每个词片在三个主成分上的坐标保存为 CSV</translation>
    </message>
    <message>
        <source>Projecting the embeddings…</source>
        <translation>正在投影词嵌入…</translation>
    </message>
    <message>
        <source>No {side} piece &apos;{word}&apos; in this vocabulary.</source>
        <translation>此词表中没有{side}词片 &apos;{word}&apos;。</translation>
    </message>
    <message>
        <source>&apos;{pieces}&apos; and its 10 nearest pieces (cosine similarity).</source>
        <translation>&apos;{pieces}&apos; 及与它最近的 10 个词片（余弦相似度）。</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>尚无可导出的内容。</translation>
    </message>
    <message>
        <source>Export the points</source>
        <translation>导出坐标</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>reference piece</source>
        <translation>参考词片</translation>
    </message>
    <message>
        <source>P (teacher forced)</source>
        <translation>P（教师强制）</translation>
    </message>
    <message>
        <source>model&apos;s first choice there</source>
        <translation>模型在该处的首选</translation>
    </message>
    <message>
        <source>model&apos;s own piece (free running)</source>
        <translation>模型自己的词片（自由运行）</translation>
    </message>
    <message>
        <source>P (own)</source>
        <translation>P（自己）</translation>
    </message>
    <message>
        <source>A reference translation of the sentence (what training would feed)</source>
        <translation>该句的参考译文（训练时会输入的内容）</translation>
    </message>
    <message>
        <source>Feed the model the reference (teacher forcing) and its own output (free running)</source>
        <translation>向模型输入参考译文（教师强制）和它自己的输出（自由运行）</translation>
    </message>
    <message>
        <source>Type a reference translation and press Enter.</source>
        <translation>输入参考译文并按 Enter。</translation>
    </message>
    <message>
        <source>Orange: the first step where the model&apos;s own output leaves the reference. Red: a reference piece the model gives less than {unlikely:.0%}.</source>
        <translation>橙色：模型自己的输出首次偏离参考译文的一步。红色：模型给出概率低于 {unlikely:.0%} 的参考词片。</translation>
    </message>
    <message>
        <source>Teacher forced: fed the reference</source>
        <translation>教师强制：输入参考译文</translation>
    </message>
    <message>
        <source>Free running: fed its own output</source>
        <translation>自由运行：输入自己的输出</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考译文</translation>
    </message>
    <message>
        <source>Export maps…</source>
        <translation>导出注意力图…</translation>
    </message>
    <message>
        <source>Save both attention maps as PNG or SVG</source>
        <translation>把两张注意力图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the maps</source>
        <translation>导出注意力图</translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>Save the steps as CSV</source>
        <translation>把各步保存为 CSV</translation>
    </message>
    <message>
        <source>Type a sentence and a reference translation of it.</source>
        <translation>请输入一个句子及其参考译文。</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>比较中…</translation>
    </message>
    <message>
        <source>The model writes the reference itself: fed its own output, it never leaves it.</source>
        <translation>模型自己就写出了参考译文：输入它自己的输出时，它从不偏离参考译文。</translation>
    </message>
    <message>
        <source>its end</source>
        <translation>句末</translation>
    </message>
    <message>
        <source>They part at step {first_difference}: the reference has &lt;b&gt;{reference}&lt;/b&gt;, the model wrote &lt;b&gt;{own}&lt;/b&gt;. From there on the model is fed a prefix that training never fed it (exposure bias): compare the two maps below.</source>
        <translation>它们在第 {first_difference} 步分开：参考译文是 &lt;b&gt;{reference}&lt;/b&gt;，模型写的是 &lt;b&gt;{own}&lt;/b&gt;。从那里开始，模型接收的是训练中从未见过的前缀（曝光偏差）：请比较下面的两张图。</translation>
    </message>
    <message>
        <source>Teacher forced, log P(reference) = {reference_log_prob:.2f}; free running, the model wrote &lt;b&gt;{own_text}&lt;/b&gt; with log P = {own_log_prob:.2f}. {parted}</source>
        <translation>教师强制时，log P(参考译文) = {reference_log_prob:.2f}；自由运行时，模型写出 &lt;b&gt;{own_text}&lt;/b&gt;，log P = {own_log_prob:.2f}。{parted}</translation>
    </message>
    <message>
        <source>Nothing to export yet: compare with a reference first.</source>
        <translation>尚无可导出的内容：请先与参考译文比较。</translation>
    </message>
    <message>
        <source>Export the steps</source>
        <translation>导出各步</translation>
    </message>
    <message>
        <source>The sentence to look into (follows the Translate tab)</source>
        <translation>要查看的句子（跟随“翻译”页）</translation>
    </message>
    <message>
        <source>Computing… {percent}%</source>
        <translation>计算中… {percent}%</translation>
    </message>
    <message>
        <source>Could not compute: {value}</source>
        <translation>无法计算：{value}</translation>
    </message>
    <message>
        <source>Hover a point to read its piece and its state. Each path runs from the first piece (blue) to the last (orange).</source>
        <translation>悬停在点上可看到它的词片和状态。每条路径从第一个词片（蓝）到最后一个（橙）。</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>{side}, layer {layer} of {layers} (both directions, {size} values)</source>
        <translation>{side}，第 {layer} 层，共 {layers} 层（双向，{size} 个数值）</translation>
    </message>
    <message>
        <source>{side}, layer {layer} of {layers} ({size} values)</source>
        <translation>{side}，第 {layer} 层，共 {layers} 层（{size} 个数值）</translation>
    </message>
    <message>
        <source>Translate the sentence and read the model&apos;s hidden states</source>
        <translation>翻译该句并读取模型的隐藏状态</translation>
    </message>
    <message>
        <source>Which layer&apos;s states: the top one is what attention reads and the output is made from</source>
        <translation>显示哪一层的状态：顶层是注意力读取、输出由之生成的那一层</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Save both paths as PNG or SVG</source>
        <translation>把两条路径保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export the paths</source>
        <translation>导出路径</translation>
    </message>
    <message>
        <source>Export states…</source>
        <translation>导出状态…</translation>
    </message>
    <message>
        <source>Save every state (all its values) and its projection as CSV</source>
        <translation>把每个状态（全部数值）及其投影保存为 CSV</translation>
    </message>
    <message>
        <source>{layer} (top)</source>
        <translation>{layer}（顶层）</translation>
    </message>
    <message>
        <source>Export the states</source>
        <translation>导出状态</translation>
    </message>
    <message>
        <source>Attention, step by step</source>
        <translation>注意力，逐步计算</translation>
    </message>
    <message>
        <source>One step&apos;s attention with the model&apos;s own numbers: scores, softmax, weighted sum, mask</source>
        <translation>用模型自己的数字展示一步注意力：分数、softmax、加权和、掩码</translation>
    </message>
    <message>
        <source>A reference fed to the model (as in training) against its own output (as in use)</source>
        <translation>向模型输入参考译文（如训练时）与输入它自己的输出（如使用时）的对比</translation>
    </message>
    <message>
        <source>The encoder&apos;s and the decoder&apos;s states of the sentence, projected on a plane</source>
        <translation>该句在编码器和解码器中的状态，投影到平面上</translation>
    </message>
    <message>
        <source>Every piece&apos;s embedding on its principal components; nearest neighbours</source>
        <translation>每个词片的嵌入在主成分上的位置；最近邻</translation>
    </message>
    <message>
        <source>Transformer, step by step</source>
        <translation>Transformer 逐步计算</translation>
    </message>
    <message>
        <source>A Transformer layer&apos;s self- or cross-attention head by head: Q, K, V, the mask, the softmax; positions; the residual path</source>
        <translation>Transformer 某一层的自注意力或交叉注意力，逐个头展示：Q、K、V、掩码、softmax；位置编码；残差路径</translation>
    </message>
    <message>
        <source>Attribution beside attention</source>
        <translation>归因与注意力对照</translation>
    </message>
    <message>
        <source>Which words each output piece came from, by gradients, occlusion or attention; every signal scored against gold alignments</source>
        <translation>每个输出片段来自哪些词：用梯度、遮挡或注意力来衡量；每种信号都对照标准对齐打分</translation>
    </message>
    <message>
        <source>English → French (everyday sentences)</source>
        <translation>英语 → 法语（日常用语）</translation>
    </message>
    <message>
        <source>English → Chinese</source>
        <translation>英语 → 中文</translation>
    </message>
    <message>
        <source>English → French, a Transformer</source>
        <translation>英语 → 法语（Transformer）</translation>
    </message>
    <message>
        <source>Seq2Seq Studio models (*.s2s);;All files (*)</source>
        <translation>Seq2Seq Studio 模型 (*.s2s);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a training run folder</source>
        <translation>选择训练运行文件夹</translation>
    </message>
    <message>
        <source>A training run: the app&apos;s own runs, and folders you chose before</source>
        <translation>训练运行：本应用自己的运行，以及你以前选择过的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a training run folder (one holding last.s2s)</source>
        <translation>选择训练运行文件夹（含有 last.s2s 的文件夹）</translation>
    </message>
    <message>
        <source>no training runs yet: train one in the Train tab</source>
        <translation>还没有训练运行：请在“训练”页训练一个</translation>
    </message>
    <message>
        <source>For a training run: its final model, or the snapshot kept at a step</source>
        <translation>对于训练运行：它的最终模型，或在某一步保存的快照</translation>
    </message>
    <message>
        <source>Choose a model file (.s2s)</source>
        <translation>选择模型文件（.s2s）</translation>
    </message>
    <message>
        <source>Bundled: {name}</source>
        <translation>内置：{name}</translation>
    </message>
    <message>
        <source>In the Translate tab: {name}</source>
        <translation>“翻译”页中的模型：{name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <source>Run: {name}</source>
        <translation>训练运行：{name}</translation>
    </message>
    <message>
        <source>final model</source>
        <translation>最终模型</translation>
    </message>
    <message>
        <source>step {step:,} (BLEU {bleu:.1f})</source>
        <translation>第 {step:,} 步（BLEU {bleu:.1f}）</translation>
    </message>
    <message>
        <source>{text} @ step {step:,}</source>
        <translation>{text} @ 第 {step:,} 步</translation>
    </message>
    <message>
        <source>Choose a model to compare</source>
        <translation>选择要比较的模型</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Training minutes</source>
        <translation>训练时长（分钟）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>生成方式</translation>
    </message>
    <message>
        <source>asked for</source>
        <translation>按要求</translation>
    </message>
    <message>
        <source>the GPU supports bf16</source>
        <translation>GPU 支持 bf16</translation>
    </message>
    <message>
        <source>the GPU has no bf16</source>
        <translation>GPU 不支持 bf16</translation>
    </message>
    <message>
        <source>the CPU has no bf16 instructions (no AVX-512 BF16, no AMX)</source>
        <translation>CPU 没有 bf16 指令（没有 AVX-512 BF16，也没有 AMX）</translation>
    </message>
    <message>
        <source>the CPU has {units}</source>
        <translation>CPU 具备 {units}</translation>
    </message>
    <message>
        <source>bf16 autocast is not offered on {device}</source>
        <translation>{device} 上不提供 bf16 自动混合精度</translation>
    </message>
    <message>
        <source> (fp16 with a gradient scaler instead)</source>
        <translation>（改用带梯度缩放器的 fp16）</translation>
    </message>
    <message>
        <source>, and {half} measured {gain}× faster on the first batch</source>
        <translation>，且在第一个批次上测得 {half} 快 {gain} 倍</translation>
    </message>
    <message>
        <source>, but {half} measured {gain}× the speed of fp32 on the first batch</source>
        <translation>，但在第一个批次上测得 {half} 的速度只有 fp32 的 {gain} 倍</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>No model loaded yet.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source> (snapshot of a model in training)</source>
        <translation>（训练中模型的快照）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Trained on</source>
        <translation>训练语料</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>结构</translation>
    </message>
    <message>
        <source>Sizes</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>embeddings {embedding}, hidden {hidden}, dropout {dropout}</source>
        <translation>嵌入 {embedding}，隐藏层 {hidden}，丢弃率 {dropout}</translation>
    </message>
    <message>
        <source>batch {batch}, learning rate {learning_rate}, teacher forcing {teacher_forcing}, seed {seed}</source>
        <translation>批大小 {batch}，学习率 {learning_rate}，教师强制 {teacher_forcing}，随机种子 {seed}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>step {step}: dev BLEU {bleu}, chrF {chrf}, exact match {exact_match}%</source>
        <translation>第 {step} 步：开发集 BLEU {bleu}，chrF {chrf}，完全匹配 {exact_match}%</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>, shared</source>
        <translation>，共享</translation>
    </message>
    <message>
        <source>{source} source / {target} target pieces ({tokenizer}{shared})</source>
        <translation>源 {source} 个 / 目标 {target} 个词片（{tokenizer}{shared}）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Last evaluation</source>
        <translation>最近一次评估</translation>
    </message>
    <message>
        <source>, AER {aer:.1%}</source>
        <translation>，AER {aer:.1%}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Model&lt;/h3&gt;&lt;table&gt;{table}&lt;/table&gt;&lt;p style=&apos;color:#666&apos;&gt;The curves show this model&apos;s training history.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;模型&lt;/h3&gt;&lt;table&gt;{table}&lt;/table&gt;&lt;p style=&apos;color:#666&apos;&gt;曲线显示此模型的训练历史。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>dev BLEU</source>
        <translation>开发集 BLEU</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>dev loss</source>
        <translation>开发集损失</translation>
    </message>
    <message>
        <source>snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>A sentence of your own, translated at each point of the run</source>
        <translation>你自己的一个句子，在训练的每个时间点重新翻译</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step through the snapshots: watch the alignment emerge</source>
        <translation>依次经过各个快照：看着对齐逐渐出现</translation>
    </message>
    <message>
        <source>Which snapshot of the run translates the sentence</source>
        <translation>用训练运行的哪个快照来翻译该句</translation>
    </message>
    <message>
        <source>no snapshot</source>
        <translation>无快照</translation>
    </message>
    <message>
        <source>Choose a run that has snapshots (every run trained by this version keeps them).</source>
        <translation>请选择一个有快照的训练运行（本版本训练的每个运行都会保存快照）。</translation>
    </message>
    <message>
        <source>Attention at this snapshot</source>
        <translation>此快照的注意力</translation>
    </message>
    <message>
        <source>Choose a run and type a sentence:
its attention at each snapshot appears here.</source>
        <translation>选择一个训练运行并输入句子：
它在每个快照的注意力会显示在这里。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source>no snapshots</source>
        <translation>无快照</translation>
    </message>
    <message>
        <source>This run has no snapshots yet: they are written at each evaluation.</source>
        <translation>此运行还没有快照：每次评估时都会写入快照。</translation>
    </message>
    <message>
        <source>snapshot {value} of {count} · step {step:,} · {minutes}:{seconds:02d} · BLEU {bleu:.1f}</source>
        <translation>第 {value} 个快照，共 {count} 个 · 第 {step:,} 步 · {minutes}:{seconds:02d} · BLEU {bleu:.1f}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{value}&lt;/b&gt; &amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;log P {log_prob:.2f} · at step {step:,}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{value}&lt;/b&gt; &amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;log P {log_prob:.2f} · 第 {step:,} 步&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Step {step:,}: {text}</source>
        <translation>第 {step:,} 步：{text}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>Training time (minutes)</source>
        <translation>训练时间（分钟）</translation>
    </message>
    <message>
        <source>dev chrF</source>
        <translation>开发集 chrF</translation>
    </message>
    <message>
        <source>target tokens / s</source>
        <translation>目标词元 / 秒</translation>
    </message>
    <message>
        <source>Tick runs in the list to overlay them.</source>
        <translation>在列表中勾选训练运行以叠加显示。</translation>
    </message>
    <message>
        <source>training time (minutes)</source>
        <translation>训练时间（分钟）</translation>
    </message>
    <message>
        <source>Tick the runs to overlay; the newest runs of the app&apos;s runs folder are listed</source>
        <translation>勾选要叠加的训练运行；列出的是本应用运行文件夹中最新的运行</translation>
    </message>
    <message>
        <source>Add run folder…</source>
        <translation>添加运行文件夹…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the runs again (a run in training adds points at each evaluation)</source>
        <translation>重新读取训练运行（训练中的运行每次评估都会增加数据点）</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>No runs yet: train a model in the Train tab, or add a run folder.</source>
        <translation>还没有训练运行：请在“训练”页训练一个模型，或添加一个运行文件夹。</translation>
    </message>
    <message>
        <source>What if? Click a candidate (its bar or its word) to force that piece at this step; the model continues from there.</source>
        <translation>如果换成…？点击一个候选（它的柱条或词）即可在这一步强制使用该词片；模型从那里继续。</translation>
    </message>
    <message>
        <source>Translate a sentence in the Translate tab, then step through how it was decoded.</source>
        <translation>在“翻译”页翻译一个句子，然后逐步查看它是如何解码的。</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>最后一步</translation>
    </message>
    <message>
        <source>Play the decoding step by step</source>
        <translation>逐步播放解码过程</translation>
    </message>
    <message>
        <source>Decoding step</source>
        <translation>解码步骤</translation>
    </message>
    <message>
        <source>step –</source>
        <translation>步骤 –</translation>
    </message>
    <message>
        <source>Model {name}: translate a sentence in the Translate tab, then step through it.</source>
        <translation>模型 {name}：在“翻译”页翻译一个句子，然后逐步查看。</translation>
    </message>
    <message>
        <source>The attention of each step appears here.</source>
        <translation>每一步的注意力显示在这里。</translation>
    </message>
    <message>
        <source>Choose beam search in the Translate tab to see the search tree here.</source>
        <translation>在“翻译”页选择束搜索，即可在这里看到搜索树。</translation>
    </message>
    <message>
        <source>The alternative translation&apos;s attention appears here.</source>
        <translation>替代译文的注意力显示在这里。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{method}&lt;/b&gt; decoding of “{source}” → “{text}” — {count} steps. Each step scores every target piece; the chosen one is fed back in.</source>
        <translation>“{source}” → “{text}” 的&lt;b&gt;{method}&lt;/b&gt;解码 — 共 {count} 步。每一步给所有目标词片打分；选中的词片再作为输入送回。</translation>
    </message>
    <message>
        <source>This translation used greedy decoding or sampling: one path, no tree.
Choose beam search in the Translate tab to see every hypothesis it weighed.</source>
        <translation>此译文使用贪心解码或采样：只有一条路径，没有树。
在“翻译”页选择束搜索，即可看到它权衡过的每个假设。</translation>
    </message>
    <message>
        <source>step {index} / {count}</source>
        <translation>第 {index} / {count} 步</translation>
    </message>
    <message>
        <source>Output: {so_far} &lt;span style=&apos;color:#999999&apos;&gt;{rest}&lt;/span&gt;</source>
        <translation>输出：{so_far} &lt;span style=&apos;color:#999999&apos;&gt;{rest}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Attention up to step {index}</source>
        <translation>到第 {index} 步为止的注意力</translation>
    </message>
    <message>
        <source>Why this rather than that?</source>
        <translation>为什么是这个而不是那个？</translation>
    </message>
    <message>
        <source>What if it looked elsewhere?</source>
        <translation>如果它看向别处会怎样？</translation>
    </message>
    <message>
        <source>Which words made the model choose its piece rather than another candidate</source>
        <translation>是哪些词让模型选择了它的片段而不是另一个候选</translation>
    </message>
    <message>
        <source>Change the attention at this step and decode again from here</source>
        <translation>改变这一步的注意力，并从这里重新解码</translation>
    </message>
    <message>
        <source>What if step {index} had been &apos;{piece}&apos;? Decoding…</source>
        <translation>如果第 {index} 步是 &apos;{piece}&apos; 会怎样？解码中…</translation>
    </message>
    <message>
        <source>What if the decoding had gone through &apos;{piece}&apos; at step {index}? Decoding…</source>
        <translation>如果解码在第 {index} 步经过“{piece}”会怎样？正在解码…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Before:&lt;/b&gt; {text}&lt;br&gt;&lt;b&gt;What if:&lt;/b&gt; {alternative}&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;forced prefix: {prefix} · log P {log_prob:.2f} (was {before_log_prob:.2f})&lt;/span&gt;</source>
        <translation>&lt;b&gt;原来：&lt;/b&gt;{text}&lt;br&gt;&lt;b&gt;如果换成：&lt;/b&gt;{alternative}&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;强制前缀：{prefix} · log P {log_prob:.2f}（原为 {before_log_prob:.2f}）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Attention of the alternative</source>
        <translation>替代译文的注意力</translation>
    </message>
    <message>
        <source>Could not continue: {message}</source>
        <translation>无法继续：{message}</translation>
    </message>
    <message>
        <source>A starting point; every value below can still be changed.</source>
        <translation>一个起点；下面每个值仍可修改。</translation>
    </message>
    <message>
        <source>The recurrent unit. RNN: a plain tanh cell (forgets quickly). GRU: gated, a good default. LSTM: gated with a separate memory cell.</source>
        <translation>循环单元。RNN：普通 tanh 单元（遗忘很快）。GRU：带门控，较好的默认选择。LSTM：带门控，另有独立的记忆单元。</translation>
    </message>
    <message>
        <source>Stacked recurrent layers in the encoder and the decoder.</source>
        <translation>编码器和解码器中堆叠的循环层数。</translation>
    </message>
    <message>
        <source>The encoder reads the sentence both ways, so each source position knows its left and right context.</source>
        <translation>编码器双向读取句子，使每个源位置都了解其左右上下文。</translation>
    </message>
    <message>
        <source>Size of the vector each piece is turned into before the RNN reads it.</source>
        <translation>RNN 读取之前，每个词片被转换成的向量的大小。</translation>
    </message>
    <message>
        <source>Size of the recurrent state (per direction in the encoder).</source>
        <translation>循环状态的大小（编码器中为每个方向的大小）。</translation>
    </message>
    <message>
        <source>How the decoder scores source positions: none (one fixed context vector, the encoder&apos;s final state), dot (q·k), general (q·Wk), concat (v·tanh(W[q;k])), additive (Bahdanau: v·tanh(Wq+Uk)).</source>
        <translation>解码器如何给源位置打分：无（一个固定的上下文向量，即编码器的最终状态）、点积（q·k）、一般（q·Wk）、拼接（v·tanh(W[q;k])）、加性（Bahdanau：v·tanh(Wq+Uk)）。</translation>
    </message>
    <message>
        <source>Luong: attention after the RNN; training runs all steps at once (fast). Input feeding: the last attentional vector is fed back as input (needs a step loop).</source>
        <translation>Luong：注意力在 RNN 之后；训练时所有步一次算完（快）。输入馈送：上一步的注意力向量作为输入送回（需要逐步循环）。</translation>
    </message>
    <message>
        <source>Fraction of activations zeroed during training, to fight over-fitting.</source>
        <translation>训练时被置零的激活比例，用来对抗过拟合。</translation>
    </message>
    <message>
        <source>sentencepiece model: unigram or BPE split words into frequent pieces; char and word are the extremes.</source>
        <translation>sentencepiece 模型：unigram 或 BPE 把词切分成常见的词片；char（字符）和 word（整词）是两个极端。</translation>
    </message>
    <message>
        <source>Attention heads per layer: each looks at the sentence on its own share of d_model.</source>
        <translation>每层的注意力头数：每个头在 d_model 中属于自己的那一份上观察句子。</translation>
    </message>
    <message>
        <source>Width of the feed-forward sub-layer inside each Transformer layer.</source>
        <translation>每个 Transformer 层内前馈子层的宽度。</translation>
    </message>
    <message>
        <source>Decoder layers; Layers sets the encoder&apos;s.</source>
        <translation>解码器层数；“层数”设置的是编码器的层数。</translation>
    </message>
    <message>
        <source>Pieces per language. Larger: shorter sequences but rarer pieces.</source>
        <translation>每种语言的词片数。越大：序列越短，但词片越稀有。</translation>
    </message>
    <message>
        <source>One vocabulary for both languages (useful when they share words or digits).</source>
        <translation>两种语言共用一个词表（两者共享词或数字时有用）。</translation>
    </message>
    <message>
        <source>Probability of feeding the reference previous piece instead of the model&apos;s own guess. 1 = always (teacher forcing); lower values train on its own mistakes (scheduled sampling).</source>
        <translation>输入参考译文的前一个词片而不是模型自己猜测的概率。1 = 总是（教师强制）；更小的值让模型在自己的错误上训练（计划采样）。</translation>
    </message>
    <message>
        <source>Gradient-norm clipping: rescale gradients larger than this, to keep RNN training stable.</source>
        <translation>梯度范数裁剪：把大于此值的梯度按比例缩小，使 RNN 训练保持稳定。</translation>
    </message>
    <message>
        <source>Sentences per training step (batches are grouped by length, so little is padding).</source>
        <translation>每个训练步的句子数（批按长度分组，因此填充很少）。</translation>
    </message>
    <message>
        <source>Adam learning rate.</source>
        <translation>Adam 学习率。</translation>
    </message>
    <message>
        <source>When to stop: after this many minutes or epochs (passes over the training data).</source>
        <translation>何时停止：经过这么多分钟或轮数（遍历训练数据的次数）之后。</translation>
    </message>
    <message>
        <source>Random seed: the same seed, data and settings give the same run.</source>
        <translation>随机种子：相同的种子、数据和设置会得到相同的运行。</translation>
    </message>
    <message>
        <source>Steps between evaluations on the dev set (loss, BLEU, chrF, probe attention, checkpoint).</source>
        <translation>两次在开发集上评估之间的步数（损失、BLEU、chrF、探针注意力、检查点）。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>Feed-forward size</source>
        <translation>前馈层大小</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Bidirectional encoder</source>
        <translation>双向编码器</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入大小</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>Encoder self-attention</source>
        <translation>编码器自注意力</translation>
    </message>
    <message>
        <source>Decoder masked self-attention</source>
        <translation>解码器掩码自注意力</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Each source piece looks at every source piece (padding is masked).</source>
        <translation>每个源语言片段关注所有源语言片段（填充位置被屏蔽）。</translation>
    </message>
    <message>
        <source>Each decoder step looks at &lt;s&gt; and the pieces written before it: the causal mask hides the later ones (−∞), so the decoder cannot read the answer it is writing.</source>
        <translation>每个解码步骤关注 &lt;s&gt; 和它之前写出的片段：因果掩码把之后的位置设为 −∞，所以解码器看不到它正在写的答案。</translation>
    </message>
    <message>
        <source>Each decoder step looks at the encoder&apos;s output: queries from the decoder, keys and values from the source.</source>
        <translation>每个解码步骤关注编码器的输出：查询来自解码器，键和值来自源语言。</translation>
    </message>
    <message>
        <source>This model has no self-attention, heads or residual blocks: it is a recurrent model. Its attention, step by step, is in the tab beside this one. Load a Transformer (Model ▸ default-transformer-en-fr) to see its insides here.</source>
        <translation>这个模型没有自注意力、注意力头或残差块：它是循环神经网络模型。它的逐步注意力在旁边的“注意力逐步计算”标签页中。载入一个 Transformer（模型 ▸ default-transformer-en-fr）即可在此查看其内部。</translation>
    </message>
    <message>
        <source>Which of the layer&apos;s attentions to compute</source>
        <translation>计算该层的哪一种注意力</translation>
    </message>
    <message>
        <source>Which layer of the encoder or the decoder</source>
        <translation>编码器或解码器的哪一层</translation>
    </message>
    <message>
        <source>Which head: each has its own projections of the queries, the keys and the values</source>
        <translation>哪个注意力头：每个头都有自己的查询、键和值投影</translation>
    </message>
    <message>
        <source>Which position&apos;s row the tables show (or click a row of the maps)</source>
        <translation>表格显示哪个位置的一行（也可点击热图中的一行）</translation>
    </message>
    <message>
        <source>Translate the sentence and compute the chosen attention step by step</source>
        <translation>翻译句子，并逐步计算所选的注意力</translation>
    </message>
    <message>
        <source>Scores, mask, softmax</source>
        <translation>分数、掩码、softmax</translation>
    </message>
    <message>
        <source>Q, K, V</source>
        <translation>Q、K、V</translation>
    </message>
    <message>
        <source>Residual path</source>
        <translation>残差路径</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>How this head scores, masks, normalises and sums</source>
        <translation>这个头如何打分、屏蔽、归一化和求和</translation>
    </message>
    <message>
        <source>Translate a sentence to see a Transformer&apos;s attention computed step by step.</source>
        <translation>翻译一个句子，查看 Transformer 注意力的逐步计算。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{site}&lt;/b&gt;, layer {layer}, head {head} of {heads} · output: &lt;b&gt;{output}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{site}&lt;/b&gt;，第 {layer} 层，第 {head} 个头（共 {heads} 个）· 输出：&lt;b&gt;{output}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(the head&apos;s rows of each matrix; d = {size}, √d = {scale:.2f})</source>
        <translation>（每个矩阵中属于这个头的行；d = {size}，√d = {scale:.2f}）</translation>
    </message>
    <message>
        <source>where position i may not look at j (padding; the causal mask: j &gt; i) · {count} cells masked: hatched</source>
        <translation>当位置 i 不能看位置 j 时（填充；因果掩码：j &gt; i）· {count} 个单元被屏蔽：画有斜线</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Pieces per language</source>
        <translation>每种语言的词片数</translation>
    </message>
    <message>
        <source>Shared vocabulary</source>
        <translation>共享词表</translation>
    </message>
    <message>
        <source>Decoder layers</source>
        <translation>解码器层数</translation>
    </message>
    <message>
        <source>Teacher forcing</source>
        <translation>教师强制</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Evaluate every (steps)</source>
        <translation>评估间隔（步）</translation>
    </message>
    <message>
        <source>bidirectional encoder</source>
        <translation>双向编码器</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>RNN: a recurrent encoder and decoder with one attention between them. Transformer: layers of multi-head self-attention and cross-attention, no recurrence (Vaswani et al., 2017).</source>
        <translation>RNN：循环编码器和解码器，之间有一个注意力。Transformer：多层多头自注意力和交叉注意力，没有循环（Vaswani 等，2017）。</translation>
    </message>
    <message>
        <source>RNN with attention</source>
        <translation>带注意力的 RNN</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>How a Transformer knows word order: fixed sinusoids added to the embeddings, or learned vectors.</source>
        <translation>Transformer 如何知道词序：加到嵌入上的固定正弦函数，或学习得到的向量。</translation>
    </message>
    <message>
        <source>x: the layer&apos;s input</source>
        <translation>x：该层的输入</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>层归一化 LayerNorm</translation>
    </message>
    <message>
        <source>self-attention (all heads, W_O)</source>
        <translation>自注意力（所有头，W_O）</translation>
    </message>
    <message>
        <source>cross-attention (all heads, W_O)</source>
        <translation>交叉注意力（所有头，W_O）</translation>
    </message>
    <message>
        <source>feed-forward</source>
        <translation>前馈网络</translation>
    </message>
    <message>
        <source>+ residual: x + the sub-layer&apos;s output</source>
        <translation>+ 残差：x + 子层的输出</translation>
    </message>
    <message>
        <source>source pieces looked at (keys)</source>
        <translation>被关注的源语言片段（键）</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>键</translation>
    </message>
    <message>
        <source>source pieces looking (queries)</source>
        <translation>发出关注的源语言片段（查询）</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>decoder inputs: &lt;s&gt; and the pieces written before (keys)</source>
        <translation>解码器输入：&lt;s&gt; 及之前写出的片段（键）</translation>
    </message>
    <message>
        <source>decoder steps (queries)</source>
        <translation>解码步骤（查询）</translation>
    </message>
    <message>
        <source>source pieces (keys: the encoder&apos;s output)</source>
        <translation>源语言片段（键：编码器的输出）</translation>
    </message>
    <message>
        <source>scaled scores q·k/√d</source>
        <translation>缩放分数 q·k/√d</translation>
    </message>
    <message>
        <source>softmax: weights α</source>
        <translation>softmax：权重 α</translation>
    </message>
    <message>
        <source>The chosen position&apos;s row: every key&apos;s score and weight, and the first components of its value; the last row is their weighted sum, this head&apos;s output.</source>
        <translation>所选位置的一行：每个键的分数和权重，以及其值向量的前几个分量；最后一行是它们的加权和，即这个头的输出。</translation>
    </message>
    <message>
        <source>key piece</source>
        <translation>键片段</translation>
    </message>
    <message>
        <source>Masked: this position may not look there (padding, or a later step). Its score is set to −∞ before the softmax, so its weight is exactly 0.</source>
        <translation>已屏蔽：这个位置不能看那里（填充，或之后的步骤）。softmax 之前它的分数被设为 −∞，所以权重恰好为 0。</translation>
    </message>
    <message>
        <source>q = {query} … (‖q‖ = {norm_q:.3f}, d = {size}); c: ‖c‖ = {norm_c:.3f}. The {heads} heads&apos; c, joined and multiplied by W_O, are the attention&apos;s output (the Residual path tab).</source>
        <translation>q = {query} …（‖q‖ = {norm_q:.3f}，d = {size}）；c：‖c‖ = {norm_c:.3f}。{heads} 个头的 c 拼接后乘以 W_O，就是注意力的输出（见“残差路径”标签页）。</translation>
    </message>
    <message>
        <source>Q: queries</source>
        <translation>Q：查询</translation>
    </message>
    <message>
        <source>K: keys</source>
        <translation>K：键</translation>
    </message>
    <message>
        <source>V: values</source>
        <translation>V：值</translation>
    </message>
    <message>
        <source>component</source>
        <translation>分量</translation>
    </message>
    <message>
        <source>components</source>
        <translation>分量</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>sinusoidal</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>学习得到</translation>
    </message>
    <message>
        <source>piece embeddings × √D (√D = {scale:.1f})</source>
        <translation>片段嵌入 × √D（√D = {scale:.1f}）</translation>
    </message>
    <message>
        <source>+ positional encoding ({kind})</source>
        <translation>+ 位置编码（{kind}）</translation>
    </message>
    <message>
        <source>= the first layer&apos;s input x</source>
        <translation>= 第一层的输入 x</translation>
    </message>
    <message>
        <source>component (of D = {size})</source>
        <translation>分量（共 D = {size} 个）</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; (position {position}), first components: {sums}</source>
        <translation>“{piece}”（位置 {position}），前几个分量：{sums}</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; (position {position}) through {side} layer {layer}, {how}. Bold rows are the residual stream; the others are what is added to it.</source>
        <translation>“{piece}”（位置 {position}）经过{side}第 {layer} 层，{how}。粗体行是残差流；其他行是加到残差流上的内容。</translation>
    </message>
    <message>
        <source>pre-norm: each sub-layer reads a normalised copy</source>
        <translation>前置归一化：每个子层读取归一化后的副本</translation>
    </message>
    <message>
        <source>post-norm: each sum is normalised</source>
        <translation>后置归一化：每次求和后进行归一化</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Pre-norm: layer normalisation before each sub-layer (stable without warm-up tricks). Post-norm: after the residual sum, as in the original Transformer.</source>
        <translation>前置归一化：在每个子层之前做层归一化（无需预热技巧也稳定）。后置归一化：在残差相加之后，与原始 Transformer 相同。</translation>
    </message>
    <message>
        <source>pre-norm</source>
        <translation>前置归一化</translation>
    </message>
    <message>
        <source>post-norm</source>
        <translation>后置归一化</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>auto: bfloat16 autocast where this machine computes it natively (AMX, AVX-512 BF16, a GPU) and a calibration on the first batch measures it faster, else fp32. The weights stay fp32 either way.</source>
        <translation>自动：若本机能原生计算 bfloat16（AMX、AVX-512 BF16、GPU），且在第一批数据上的校准测得它更快，就用 bfloat16 自动混合精度，否则用 fp32。无论哪种，权重都保持 fp32。</translation>
    </message>
    <message>
        <source>auto (this machine&apos;s fastest)</source>
        <translation>自动（本机最快的）</translation>
    </message>
    <message>
        <source>bf16 autocast</source>
        <translation>bf16 自动混合精度</translation>
    </message>
    <message>
        <source>none: fixed context vector</source>
        <translation>无：固定上下文向量</translation>
    </message>
    <message>
        <source>input feeding</source>
        <translation>输入馈送</translation>
    </message>
    <message>
        <source>Luong</source>
        <translation>Luong</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>constant; plateau: halve it when the dev loss stops improving; inverse_sqrt: warm up, then decay.</source>
        <translation>constant：不变；plateau：开发集损失不再下降时减半；inverse_sqrt：先预热，再衰减。</translation>
    </message>
    <message>
        <source>Teacher-forcing schedule</source>
        <translation>教师强制调度</translation>
    </message>
    <message>
        <source>How the teacher-forcing probability changes over training (scheduled sampling).</source>
        <translation>教师强制概率在训练中如何变化（计划采样）。</translation>
    </message>
    <message>
        <source>shared vocabulary</source>
        <translation>共享词表</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Train a new model on the chosen data with these settings</source>
        <translation>用这些设置在所选数据上训练一个新模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Follow a run folder…</source>
        <translation>跟随运行文件夹…</translation>
    </message>
    <message>
        <source>Watch a run that another process trains (torchrun, a server&apos;s synced folder): its curves, probe, samples and snapshots follow its files</source>
        <translation>观看由另一个进程训练的运行(本机上的分布式训练任务、从服务器同步的文件夹):其曲线、探针、样例和快照随其文件更新</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Choose data (a built-in corpus is ready to go) and press Start.</source>
        <translation>选择数据（内置语料可以直接使用），然后按“开始训练”。</translation>
    </message>
    <message>
        <source>Probe sentence: its attention is shown at every evaluation</source>
        <translation>探针句：每次评估都会显示它的注意力</translation>
    </message>
    <message>
        <source>Edit at any time; the next evaluation uses the new sentence.</source>
        <translation>随时可以修改；下次评估使用新的句子。</translation>
    </message>
    <message>
        <source>Probe attention</source>
        <translation>探针注意力</translation>
    </message>
    <message>
        <source>The probe sentence&apos;s attention appears at the first evaluation,
and sharpens as the model learns to align.</source>
        <translation>探针句的注意力在第一次评估时出现，
并随着模型学会对齐而变得清晰。</translation>
    </message>
    <message>
        <source>Model output</source>
        <translation>模型输出</translation>
    </message>
    <message>
        <source>Translate with this model now</source>
        <translation>立即用此模型翻译</translation>
    </message>
    <message>
        <source>Load a copy of the weights at the last evaluation into the Translate tab</source>
        <translation>把上次评估时权重的副本加载到“翻译”页</translation>
    </message>
    <message>
        <source>Open the trained model</source>
        <translation>打开训练好的模型</translation>
    </message>
    <message>
        <source>Dev sentences translated at the last evaluation</source>
        <translation>上次评估时翻译的开发集句子</translation>
    </message>
    <message>
        <source>Sample translations</source>
        <translation>样例译文</translation>
    </message>
    <message>
        <source>Reading the corpus first; training starts as soon as it is ready.</source>
        <translation>先读取语料；准备好后立即开始训练。</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <source>Training into {run_dir} …</source>
        <translation>正在训练，保存到 {run_dir} …</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Training resumed.</source>
        <translation>训练已继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Paused after the current batch. Press Resume to go on.</source>
        <translation>已在当前批之后暂停。按“继续”以继续训练。</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>停止训练</translation>
    </message>
    <message>
        <source>Stop training now? The last checkpoint is kept.</source>
        <translation>现在停止训练吗？最后一个检查点会保留。</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>正在当前批之后停止…</translation>
    </message>
    <message>
        <source>{value:.0f}% · step {step} · epoch {epoch:.2f} · loss {loss:.3f}</source>
        <translation>{value:.0f}% · 第 {step} 步 · 第 {epoch:.2f} 轮 · 损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>{tokens_per_s:,.0f} tok/s · ETA {clock}</source>
        <translation>{tokens_per_s:,.0f} 词元/秒 · 预计剩余 {clock}</translation>
    </message>
    <message>
        <source>Training into {run_dir}</source>
        <translation>正在训练，保存到 {run_dir}</translation>
    </message>
    <message>
        <source>AER {aer:.1%} on {count} gold-aligned pairs</source>
        <translation>在 {count} 个有标准对齐的句对上 AER 为 {aer:.1%}</translation>
    </message>
    <message>
        <source>Step {step}: dev loss {dev_loss:.3f}, BLEU {bleu:.1f}, chrF {chrf:.1f}, exact match {exact_match:.1f}%</source>
        <translation>第 {step} 步：开发集损失 {dev_loss:.3f}，BLEU {bleu:.1f}，chrF {chrf:.1f}，完全匹配 {exact_match:.1f}%</translation>
    </message>
    <message>
        <source> — best so far, saved</source>
        <translation> — 迄今最佳，已保存</translation>
    </message>
    <message>
        <source>Probe at step {step}: {translation}</source>
        <translation>第 {step} 步的探针：{translation}</translation>
    </message>
    <message>
        <source>Stopped before the first training step; nothing was saved.</source>
        <translation>在第一个训练步之前就停止了；没有保存任何内容。</translation>
    </message>
    <message>
        <source>Stopped at step {steps}; the last checkpoint is kept in {run_dir}.</source>
        <translation>在第 {steps} 步停止；最后一个检查点保存在 {run_dir}。</translation>
    </message>
    <message>
        <source>Finished: {steps} steps, {epochs:.2f} epochs in {seconds:.0f} s</source>
        <translation>已完成：{steps} 步，{epochs:.2f} 轮，用时 {seconds:.0f} 秒</translation>
    </message>
    <message>
        <source>; best dev BLEU {bleu:.1f}, exact match {exact_match:.1f}%</source>
        <translation>；最佳开发集 BLEU {bleu:.1f}，完全匹配 {exact_match:.1f}%</translation>
    </message>
    <message>
        <source>stopped · {progress}</source>
        <translation>已停止 · {progress}</translation>
    </message>
    <message>
        <source>Follow a run folder</source>
        <translation>跟随运行文件夹</translation>
    </message>
    <message>
        <source>A training runs in this tab; follow another run once it has ended.</source>
        <translation>此标签页中正在训练;训练结束后再跟随其他运行。</translation>
    </message>
    <message>
        <source>The probe&apos;s attention appears when the run has saved its first evaluation.</source>
        <translation>运行保存第一次评估后,这里会显示探针句的注意力。</translation>
    </message>
    <message>
        <source>Stop following the run first</source>
        <translation>请先停止跟随该运行</translation>
    </message>
    <message>
        <source>Stop following</source>
        <translation>停止跟随</translation>
    </message>
    <message>
        <source>Stop watching the run; what is shown stays</source>
        <translation>停止观看该运行;已显示的内容保留</translation>
    </message>
    <message>
        <source>following</source>
        <translation>跟随中</translation>
    </message>
    <message>
        <source>Stopped following {run}; its curves stay shown.</source>
        <translation>已停止跟随 {run};其曲线仍然显示。</translation>
    </message>
    <message>
        <source>Following {run} — waiting for its first checkpoint (last.s2s)</source>
        <translation>正在跟随 {run} — 等待其第一个检查点(last.s2s)</translation>
    </message>
    <message>
        <source>Following {run} — last update {ago} ago, step {step:,}</source>
        <translation>正在跟随 {run} — 上次更新于 {ago}前,第 {step:,} 步</translation>
    </message>
    <message>
        <source> · best dev BLEU {bleu:.1f}</source>
        <translation> · 最佳开发集 BLEU {bleu:.1f}</translation>
    </message>
    <message>
        <source> · training (process {pid})</source>
        <translation> · 训练中(进程 {pid})</translation>
    </message>
    <message>
        <source> · the run has ended (its budget is reached)</source>
        <translation> · 运行已结束(已达到预算)</translation>
    </message>
    <message>
        <source> · being trained</source>
        <translation> · 训练中</translation>
    </message>
    <message>
        <source> · its training has stopped; a resumed run shows here as it goes on</source>
        <translation> · 其训练已停止;若继续训练,新的进展会在此接着显示</translation>
    </message>
    <message>
        <source> · no training on this machine writes it (a synced folder, or the run stopped); new files are still shown</source>
        <translation> · 本机上没有训练在写入它(同步的文件夹,或运行已停止);新文件仍会显示</translation>
    </message>
    <message>
        <source>following · {value:.0f}% · step {step}</source>
        <translation>跟随中 · {value:.0f}% · 第 {step} 步</translation>
    </message>
    <message>
        <source>{tokens_per_s:,.0f} tok/s</source>
        <translation>{tokens_per_s:,.0f} 词元/秒</translation>
    </message>
    <message>
        <source>Type a probe sentence above and press Enter: this run&apos;s probe came from its corpus, which is not on this machine.</source>
        <translation>请在上方输入一个探针句并按回车:该运行的探针句取自其语料,而语料不在本机上。</translation>
    </message>
    <message>
        <source>Dev sentences translated with the weights of step {step}</source>
        <translation>用第 {step} 步的权重翻译的开发集句子</translation>
    </message>
    <message>
        <source>No dev sentences to show: the run&apos;s corpus ({corpus}) is not on this machine; the curves, the probe and the snapshots follow all the same</source>
        <translation>没有可显示的开发集句子:该运行的语料({corpus})不在本机上;曲线、探针和快照照常跟随</translation>
    </message>
    <message>
        <source>No dev sentences to show: the run does not name its corpus</source>
        <translation>没有可显示的开发集句子:该运行没有注明其语料</translation>
    </message>
    <message>
        <source>No dev sentences to show: the run&apos;s corpus cannot be read ({detail})</source>
        <translation>没有可显示的开发集句子:无法读取该运行的语料({detail})</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;Training stopped: {message}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;训练已停止：{message}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours:.1f} h</source>
        <translation>{hours:.1f} 小时</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <source>The model was unsure of this output: on average each piece had a probability of {p:.0%} (log P per piece {lp:.2f}, below {limit}). That happens when the sentence is unlike the training data (other words, other topics, very long sentences); the output may be wrong even if it reads well. The Model tab says what this model was trained on.</source>
        <translation>模型对这个输出没有把握：平均每个词片的概率为 {p:.0%}（每个词片的 log P 为 {lp:.2f}，低于 {limit}）。当句子与训练数据不同（别的词、别的话题、很长的句子）时就会这样；输出即使读来通顺也可能是错的。“模型”页说明了这个模型是在什么数据上训练的。</translation>
    </message>
    <message>
        <source>This sentence is {pieces} pieces long, longer than almost every sentence the bundled models learnt from (more than {limit}). Far from its training lengths a model keeps writing fluent output after it has stopped translating, and its average log P per piece ({lp:.2f}) hides it: the many easy pieces make up for the wrong ones. Split the sentence to get a trustworthy translation.</source>
        <translation>这个句子有 {pieces} 个词片，比内置模型学过的几乎所有句子都长（超过 {limit} 个）。远离训练时的长度，模型在已经不再翻译之后仍会写出通顺的输出，而每个词片的平均 log P（{lp:.2f}）掩盖了这一点：大量容易的词片抵消了错误的词片。把句子拆开才能得到可信的译文。</translation>
    </message>
    <message>
        <source>Last layer, heads averaged</source>
        <translation>最后一层，各头平均</translation>
    </message>
    <message>
        <source>All layers, heads averaged</source>
        <translation>所有层，各头平均</translation>
    </message>
    <message>
        <source>Last layer, strongest head per cell</source>
        <translation>最后一层，每格取最强的头</translation>
    </message>
    <message>
        <source>Cross-attention: each output step over the source</source>
        <translation>交叉注意力：每个输出步对源句</translation>
    </message>
    <message>
        <source>Encoder self-attention: each source piece over the source</source>
        <translation>编码器自注意力：每个源片段对源句</translation>
    </message>
    <message>
        <source>Decoder self-attention: each step over what the decoder was fed</source>
        <translation>解码器自注意力：每一步对解码器已输入的内容</translation>
    </message>
    <message>
        <source>Cross-attention: where the decoder looks in the source for each output piece.
Encoder self-attention: how each source piece mixes in the others, layer by layer.
Decoder self-attention: what each step reads of the output so far (&lt;s&gt; and the pieces written before it; never after: the causal mask). The maps are those of this very decoding.</source>
        <translation>交叉注意力：解码器为每个输出片段在源句中看向哪里。
编码器自注意力：每个源片段如何逐层融合其他片段。
解码器自注意力：每一步读取到目前为止输出的哪些内容（&lt;s&gt; 和它之前写出的片段；从不看之后的：因果掩码）。这些图正是本次解码的注意力。</translation>
    </message>
    <message>
        <source>layer {layer}, head {head}</source>
        <translation>第 {layer} 层，第 {head} 头</translation>
    </message>
    <message>
        <source>all layers, heads averaged</source>
        <translation>所有层，各头平均</translation>
    </message>
    <message>
        <source>last layer, strongest head per cell (rows renormalised)</source>
        <translation>最后一层，每格取最强的头（各行重新归一化）</translation>
    </message>
    <message>
        <source>last layer, heads averaged</source>
        <translation>最后一层，各头平均</translation>
    </message>
    <message>
        <source>Type an English sentence and press Enter (it also translates as you type)</source>
        <translation>输入一个英文句子并按 Enter（输入时也会自动翻译）</translation>
    </message>
    <message>
        <source>⚠ low confidence</source>
        <translation>⚠ 置信度低</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>The n-best list: score is the log-probability divided by the length penalty.</source>
        <translation>N 最佳列表：分数是对数概率除以长度惩罚。</translation>
    </message>
    <message>
        <source>Which of the Transformer&apos;s attention maps the heatmap draws; click a small map below to draw that layer&apos;s head</source>
        <translation>热力图画出 Transformer 的哪一张注意力图；点击下方的小图即可画出该层的该头</translation>
    </message>
    <message>
        <source>Layers and heads</source>
        <translation>各层与各头</translation>
    </message>
    <message>
        <source>N-best list</source>
        <translation>N 最佳列表</translation>
    </message>
    <message>
        <source>Type a sentence to translate.</source>
        <translation>请输入要翻译的句子。</translation>
    </message>
    <message>
        <source>The model is still loading…</source>
        <translation>模型仍在加载…</translation>
    </message>
    <message>
        <source>translating…</source>
        <translation>翻译中…</translation>
    </message>
    <message>
        <source>(empty output)</source>
        <translation>（空输出）</translation>
    </message>
    <message>
        <source> — stopped at the length limit</source>
        <translation> — 在长度上限处停止</translation>
    </message>
    <message>
        <source>{method} · {count} target pieces · {seconds:.0f} ms{unfinished}</source>
        <translation>{method} · {count} 个目标词片 · {seconds:.0f} 毫秒{unfinished}</translation>
    </message>
    <message>
        <source>Attention of hypothesis {row}</source>
        <translation>假设 {row} 的注意力</translation>
    </message>
    <message>
        <source>encoder self-attention</source>
        <translation>编码器自注意力</translation>
    </message>
    <message>
        <source>decoder self-attention</source>
        <translation>解码器自注意力</translation>
    </message>
    <message>
        <source>No translation to show.</source>
        <translation>没有可显示的译文。</translation>
    </message>
    <message>
        <source>Could not translate: {message}</source>
        <translation>无法翻译：{message}</translation>
    </message>
    <message>
        <source>training stopped unexpectedly: {error_type}: {err}</source>
        <translation>训练意外停止：{error_type}：{err}</translation>
    </message>
    <message>
        <source>{name} (step {step})</source>
        <translation>{name}（第 {step} 步）</translation>
    </message>
    <message>
        <source>Hover a cell to read its weight; click a target piece (a row or its label) to see what it used.</source>
        <translation>悬停在格子上可读出其权重；点击一个目标词片（某行或其标签）可看到它用了哪些源词片。</translation>
    </message>
    <message>
        <source>Hover a cell to read its weight; click a row (a piece, or its label) to see which pieces it attended to.</source>
        <translation>把鼠标悬停在格子上可读出其权重；点击一行（一个词片或其标签）可查看它关注了哪些词片。</translation>
    </message>
    <message>
        <source>Is this attention right?
Entropy: 0 bits when a step looks at one source piece; the even-spread value when it looks at all of them alike (attention that has not learnt to align).
Coverage: the attention a source piece received over all steps. Little: it may be left untranslated. Much: it may be translated twice.
Punctuation and &lt;/s&gt;: where attention with nothing better to do tends to sink.</source>
        <translation>这个注意力合理吗？
熵：某一步只看一个源词片时为 0 比特；平均看所有词片时为均匀分布的值（注意力尚未学会对齐）。
覆盖度：一个源词片在所有步中获得的注意力。太少：可能漏译。太多：可能被译了两次。
标点和 &lt;/s&gt;：无事可做的注意力往往沉积在这里。</translation>
    </message>
    <message>
        <source>little attention: </source>
        <translation>注意力少：</translation>
    </message>
    <message>
        <source>much attention: </source>
        <translation>注意力多：</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; received {coverage:.2f} steps&apos; worth of attention, summed over the {steps} target steps (1.00: one step&apos;s whole attention). Below {low}: it may be left untranslated; above {high}: it may be translated twice, or it is where attention rests.</source>
        <translation>“{piece}”在 {steps} 个目标步中共获得 {coverage:.2f} 步的注意力（1.00 即一步的全部注意力）。低于 {low}：它可能没被翻译；高于 {high}：它可能被翻译了两次，或者是注意力停歇的地方。</translation>
    </message>
    <message>
        <source>entropy per step {mean_entropy} bits on average (even spread: {uniform_entropy})</source>
        <translation>每步熵平均 {mean_entropy} 比特（均匀分布：{uniform_entropy}）</translation>
    </message>
    <message>
        <source>Entropy: how spread out a step&apos;s attention is, averaged over the steps. 0 bits: each step looks at one source piece; {uniform:.2f} bits: it looks at all {count} alike (attention that has not learnt to align).</source>
        <translation>熵：一步的注意力有多分散，对各步取平均。0 比特：每步只看一个源词片；{uniform:.2f} 比特：对全部 {count} 个词片一视同仁（注意力还没学会对齐）。</translation>
    </message>
    <message>
        <source>The entropy of attention spread evenly over the {count} source pieces: log₂ {count}.</source>
        <translation>注意力均匀分布在 {count} 个源词片上时的熵：log₂ {count}。</translation>
    </message>
    <message>
        <source>most diffuse: &apos;{target}&apos; {entropy} bits</source>
        <translation>最分散：“{target}” {entropy} 比特</translation>
    </message>
    <message>
        <source>The step whose attention is the most spread out: &apos;{piece}&apos; (step {step}). A diffuse step often comes from the language model rather than from one source word.</source>
        <translation>注意力最分散的一步：“{piece}”（第 {step} 步）。分散的一步往往来自语言模型本身，而不是来自某一个源词。</translation>
    </message>
    <message>
        <source>on punctuation {on_punctuation}</source>
        <translation>落在标点上 {on_punctuation}</translation>
    </message>
    <message>
        <source>The share of all attention that went to punctuation: where attention with nothing better to do tends to sink.</source>
        <translation>全部注意力中落在标点上的比例：注意力无处可去时往往沉到这里。</translation>
    </message>
    <message>
        <source>on {value} {on_end}</source>
        <translation>落在 {value} 上 {on_end}</translation>
    </message>
    <message>
        <source>The share of all attention that went to the end-of-sentence piece {value}: a resting place when no source word is needed.</source>
        <translation>全部注意力中落在句末词片 {value} 上的比例：不需要任何源词时的停歇之处。</translation>
    </message>
    <message>
        <source>Diagnostics: </source>
        <translation>诊断：</translation>
    </message>
    <message>
        <source>Save the heatmap as PNG or SVG</source>
        <translation>把热力图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export matrix…</source>
        <translation>导出矩阵…</translation>
    </message>
    <message>
        <source>Save the attention weights as CSV, labelled with the pieces</source>
        <translation>把注意力权重保存为 CSV，并标注词片</translation>
    </message>
    <message>
        <source>A and B agree</source>
        <translation>A 与 B 一致</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; attended most to: </source>
        <translation>“{piece}”最关注：</translation>
    </message>
    <message>
        <source>&apos;{target}&apos; (step {row}) attended most to: </source>
        <translation>&apos;{target}&apos;（第 {row} 步）最关注的是：</translation>
    </message>
    <message>
        <source>Export attention figure</source>
        <translation>导出注意力图</translation>
    </message>
    <message>
        <source>Nothing to export yet: translate a sentence first.</source>
        <translation>尚无可导出的内容：请先翻译一个句子。</translation>
    </message>
    <message>
        <source>Export attention matrix</source>
        <translation>导出注意力矩阵</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>root</source>
        <translation>根</translation>
    </message>
    <message>
        <source>No tree: this translation was not made by beam search.</source>
        <translation>没有树：此译文不是用束搜索得到的。</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; at step {step}
status: {status}{value}
log p(piece) = {log_prob:.3f}
path log-probability = {score:.3f}</source>
        <translation>第 {step} 步的 &apos;{piece}&apos;
状态：{status}{value}
log p(词片) = {log_prob:.3f}
路径对数概率 = {score:.3f}</translation>
    </message>
    <message>
        <source> (in the n-best list)</source>
        <translation>（在 N 最佳列表中）</translation>
    </message>
    <message>
        <source>
on the chosen path</source>
        <translation>
在选中的路径上</translation>
    </message>
    <message>
        <source>
Double-click: what if the decoding had gone through here?</source>
        <translation>
双击：如果解码经过这里会怎样？</translation>
    </message>
    <message>
        <source>blue: kept   green: finished (EOS)   grey: pruned   red: the chosen path   orange border: final n-best</source>
        <translation>蓝色：保留   绿色：已结束（EOS）   灰色：剪除   红色：选中的路径   橙色边框：最终 n-best</translation>
    </message>
    <message>
        <source>What if the decoding had gone through &apos;{piece}&apos; at step {step}?</source>
        <translation>如果解码在第 {step} 步经过“{piece}”会怎样？</translation>
    </message>
    <message>
        <source>probability p(piece | source, pieces so far)</source>
        <translation>概率 p(词片 | 源句, 已写出的词片)</translation>
    </message>
    <message>
        <source>Candidates at this step</source>
        <translation>这一步的候选</translation>
    </message>
    <message>
        <source>forced by you</source>
        <translation>由你强制</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>被选中</translation>
    </message>
    <message>
        <source>Step {step}: &apos;{chosen}&apos; {how} (orange)</source>
        <translation>第 {step} 步：&apos;{chosen}&apos; {how}（橙色）</translation>
    </message>
    <message>
        <source>loss (cross-entropy per token)</source>
        <translation>损失（每个词元的交叉熵）</translation>
    </message>
    <message>
        <source>Curves appear when training starts.</source>
        <translation>开始训练后会显示曲线。</translation>
    </message>
    <message>
        <source>dev scores</source>
        <translation>开发集分数</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>开发</translation>
    </message>
    <message>
        <source>AER %</source>
        <translation>AER %</translation>
    </message>
    <message>
        <source>Loading the embeddings…</source>
        <translation>正在加载词嵌入…</translation>
    </message>
    <message>
        <source>components 1–3</source>
        <translation>第 1–3 主成分</translation>
    </message>
    <message>
        <source>components 1–2</source>
        <translation>第 1–2 主成分</translation>
    </message>
    <message>
        <source>{count:,} {side} pieces · principal {axes} keep {shares} of the variance</source>
        <translation>{count:,} 个{side}词片 · {axes}保留了 {shares} 的方差</translation>
    </message>
    <message>
        <source> · drag to turn</source>
        <translation> · 拖动可旋转</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; (id {index})</source>
        <translation>&apos;{piece}&apos;（编号 {index}）</translation>
    </message>
    <message>
        <source>could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>source pieces (encoder positions)</source>
        <translation>源词片（编码器位置）</translation>
    </message>
    <message>
        <source>source pieces</source>
        <translation>源词片</translation>
    </message>
    <message>
        <source>source</source>
        <translation>源</translation>
    </message>
    <message>
        <source>target pieces (decoder steps)</source>
        <translation>目标词片（解码器步骤）</translation>
    </message>
    <message>
        <source>target pieces</source>
        <translation>目标词片</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>source words (pieces regrouped)</source>
        <translation>源词（词片归并）</translation>
    </message>
    <message>
        <source>source words</source>
        <translation>源词</translation>
    </message>
    <message>
        <source>output words (pieces regrouped)</source>
        <translation>输出词（词片归并）</translation>
    </message>
    <message>
        <source>output words</source>
        <translation>输出词</translation>
    </message>
    <message>
        <source>attention weights</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <source>gradient saliency ‖∇‖</source>
        <translation>梯度显著性 ‖∇‖</translation>
    </message>
    <message>
        <source>input × gradient</source>
        <translation>输入×梯度</translation>
    </message>
    <message>
        <source>integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>occlusion (word left out)</source>
        <translation>遮挡（去掉一个词）</translation>
    </message>
    <message>
        <source>attention rollout</source>
        <translation>注意力展开</translation>
    </message>
    <message>
        <source>norm-based ‖α·f(x)‖</source>
        <translation>基于范数 ‖α·f(x)‖</translation>
    </message>
    <message>
        <source>The attention weights themselves (a Transformer&apos;s: the last layer, heads averaged). Cost: one forward pass.</source>
        <translation>注意力权重本身（Transformer 取最后一层、各头平均）。代价：一次前向计算。</translation>
    </message>
    <message>
        <source>The length of the gradient of log P(chosen piece) with respect to each word&apos;s embedding: how much a small change there would move the choice. Always ≥ 0. Cost: one forward and backward pass per step.</source>
        <translation>log P(所选片段) 对每个词嵌入的梯度长度：那里的微小变化会在多大程度上改变选择。总是 ≥ 0。代价：每一步一次前向和反向计算。</translation>
    </message>
    <message>
        <source>The gradient times the embedding, summed over its values: a first-order estimate of what the word adds to log P. Signed. Cost: as saliency.</source>
        <translation>梯度乘以嵌入，再对各分量求和：对这个词给 log P 带来的贡献的一阶估计。有正负号。代价：与显著性相同。</translation>
    </message>
    <message>
        <source>The gradient averaged along a straight path from a padding embedding to the real one, times the difference: the parts add up to the change in log P (the completeness error says how nearly). Cost: IG steps × output steps forward and backward passes.</source>
        <translation>沿从填充嵌入到真实嵌入的直线路径取梯度的平均，再乘以两者之差：各部分相加等于 log P 的变化（完备性误差说明相差多少）。代价：积分梯度步数 × 输出步数次前向和反向计算。</translation>
    </message>
    <message>
        <source>How far log P(chosen piece) falls when the word is left out (its pieces read as padding). Signed. Cost: one forward pass per source and prefix word.</source>
        <translation>去掉这个词（它的片段按填充读入）后 log P(所选片段) 下降多少。有正负号。代价：每个源词和前缀词一次前向计算。</translation>
    </message>
    <message>
        <source>Attention rolled out through the layers (Abnar &amp; Zuidema 2020): each layer&apos;s attention, heads averaged, with the residual counted as half, multiplied through the encoder, the decoder&apos;s self-attention and its cross-attention. Cost: one forward.</source>
        <translation>逐层展开的注意力（Abnar &amp; Zuidema 2020）：每层注意力取各头平均，残差按一半计，经过编码器、解码器自注意力和交叉注意力连乘。代价：一次前向计算。</translation>
    </message>
    <message>
        <source>Norm-based contributions (Kobayashi et al. 2020): the length of what each source word adds through the last layer&apos;s cross-attention, ‖Σ α·W_O·W_V x‖, not its weight alone. Cost: one forward.</source>
        <translation>基于范数的贡献（Kobayashi 等 2020）：每个源词经最后一层交叉注意力加入的内容的长度 ‖Σ α·W_O·W_V x‖，而不只是它的权重。代价：一次前向计算。</translation>
    </message>
    <message>
        <source>target prefix words (&lt;s&gt; and the output before)</source>
        <translation>目标前缀词（&lt;s&gt; 和之前的输出）</translation>
    </message>
    <message>
        <source>prefix words</source>
        <translation>前缀词</translation>
    </message>
    <message>
        <source>prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>output pieces (decoder steps)</source>
        <translation>输出片段（解码步）</translation>
    </message>
    <message>
        <source>output pieces</source>
        <translation>输出片段</translation>
    </message>
    <message>
        <source>share</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>This signal has no map here.</source>
        <translation>这种信号在这里没有图。</translation>
    </message>
    <message>
        <source>from the source</source>
        <translation>来自源端</translation>
    </message>
    <message>
        <source>from the target prefix</source>
        <translation>来自目标前缀</translation>
    </message>
    <message>
        <source>Share of the evidence at each step</source>
        <translation>每一步证据的来源比例</translation>
    </message>
    <message>
        <source>Choose a signal and compute: its maps appear here beside the attention.</source>
        <translation>选择一种信号并计算：它的图会出现在这里，与注意力并排。</translation>
    </message>
    <message>
        <source>{signal}: source words</source>
        <translation>{signal}：源词</translation>
    </message>
    <message>
        <source>{signal} does not reach the target prefix.</source>
        <translation>{signal} 不涉及目标前缀。</translation>
    </message>
    <message>
        <source>{signal}: target prefix</source>
        <translation>{signal}：目标前缀</translation>
    </message>
    <message>
        <source>This model has no attention to compare with.</source>
        <translation>这个模型没有可对照的注意力。</translation>
    </message>
    <message>
        <source>Attention weights</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <source>{signal} − attention</source>
        <translation>{signal} − 注意力</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>&lt;b&gt;{signal}&lt;/b&gt; is read from the attention layers, not from log P; each row is normalised to sum to 1.</source>
        <translation>&lt;b&gt;{signal}&lt;/b&gt; 读自注意力层，而不是来自 log P；每一行归一化为和为 1。</translation>
    </message>
    <message>
        <source>log P(chosen) − log P(alternative)</source>
        <translation>log P(所选) − log P(备选)</translation>
    </message>
    <message>
        <source>log P of the chosen piece</source>
        <translation>所选片段的 log P</translation>
    </message>
    <message>
        <source>&lt;b&gt;{signal}&lt;/b&gt; explains {what}, step by step; each row is normalised to sum to 1 in absolute value.</source>
        <translation>&lt;b&gt;{signal}&lt;/b&gt; 逐步解释{what}；每一行按绝对值之和为 1 归一化。</translation>
    </message>
    <message>
        <source>On average {share:.0%} of the evidence comes from the source.</source>
        <translation>平均 {share:.0%} 的证据来自源端。</translation>
    </message>
    <message>
        <source>Completeness error (|Σ attributions − Δ log P|): {error:.3f} on average.</source>
        <translation>完备性误差（|Σ 归因 − Δ log P|）：平均 {error:.3f}。</translation>
    </message>
    <message>
        <source>Computed in {seconds:.2f} s.</source>
        <translation>计算用时 {seconds:.2f} 秒。</translation>
    </message>
    <message>
        <source>source pieces attended to (keys)</source>
        <translation>被关注的源片段（键）</translation>
    </message>
    <message>
        <source>source pieces attending (queries)</source>
        <translation>发出关注的源片段（查询）</translation>
    </message>
    <message>
        <source>decoder inputs: &lt;s&gt; and the pieces written before</source>
        <translation>解码器输入：&lt;s&gt; 和之前写出的片段</translation>
    </message>
    <message>
        <source>decoder inputs</source>
        <translation>解码器输入</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>attention weight</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <source>Translate a sentence to see where each target piece looked.</source>
        <translation>翻译一个句子，即可看到每个目标词片看向哪里。</translation>
    </message>
    <message>
        <source>This model has no attention: the decoder sees one fixed context vector,
the encoder&apos;s final state, at every step.</source>
        <translation>此模型没有注意力：解码器每一步看到的都是同一个固定的上下文向量，
即编码器的最终状态。</translation>
    </message>
    <message>
        <source>&apos;{target}&apos; → &apos;{source}&apos;: masked, score −∞, so its weight is exactly 0</source>
        <translation>“{target}” → “{source}”：已屏蔽，分数为 −∞，所以权重恰好为 0</translation>
    </message>
    <message>
        <source>target &apos;{target}&apos; → source &apos;{source}&apos;: {value_name} {value:.3f}</source>
        <translation>目标 &apos;{target}&apos; → 源 &apos;{source}&apos;：{value_name} {value:.3f}</translation>
    </message>
    <message>
        <source>target \ source</source>
        <translation>目标 \ 源</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>length in {src_unit}</source>
        <translation>长度（{src_unit}）</translation>
    </message>
    <message>
        <source>length (source in {src_unit}, target in {tgt_unit})</source>
        <translation>长度（源按{src_unit}，目标按{tgt_unit}）</translation>
    </message>
    <message>
        <source>The length histogram appears when the corpus is read.</source>
        <translation>读取语料后会显示长度直方图。</translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>句对数</translation>
    </message>
    <message>
        <source>1 · raw scores  score(q, hⱼ)</source>
        <translation>1 · 原始分数  score(q, hⱼ)</translation>
    </message>
    <message>
        <source>2 · softmax: weights αⱼ (sum to 1; padding gets 0)</source>
        <translation>2 · softmax：权重 αⱼ（和为 1；填充为 0）</translation>
    </message>
    <message>
        <source>Compute a sentence to see its states.</source>
        <translation>计算一个句子，即可看到它的状态。</translation>
    </message>
    <message>
        <source>principal components 1 and 2 keep {explained:.0%} and {explained2:.0%} of the variance</source>
        <translation>第 1、2 主成分分别保留了 {explained:.0%} 和 {explained2:.0%} 的方差</translation>
    </message>
    <message>
        <source>{position}: &apos;{piece}&apos; · state norm {norm:.2f} · first values {values}</source>
        <translation>{position}：&apos;{piece}&apos; · 状态范数 {norm:.2f} · 前几个数值 {values}</translation>
    </message>
    <message>
        <source>Window ready in {seconds:.2f} s; loading the model…</source>
        <translation>窗口在 {seconds:.2f} 秒内就绪；正在加载模型…</translation>
    </message>
    <message>
        <source>generating the built-in corpus (first time only)</source>
        <translation>正在生成内置语料（仅首次）</translation>
    </message>
    <message>
        <source>reading {spec}</source>
        <translation>正在读取 {spec}</translation>
    </message>
    <message>
        <source>the corpus could not be read: {error_type}: {err}</source>
        <translation>无法读取语料：{error_type}：{err}</translation>
    </message>
    <message>
        <source>the vocabulary could not be trained: {err}</source>
        <translation>无法训练词表：{err}</translation>
    </message>
    <message>
        <source>the model could not be loaded: {error_type}: {err}</source>
        <translation>无法加载模型：{error_type}：{err}</translation>
    </message>
    <message>
        <source>no model is loaded yet</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <source>{name} · {bits:.2f} bits</source>
        <translation>{name} · {bits:.2f} 比特</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>演示给我看</translation>
    </message>
    <message>
        <source>Open this lesson&apos;s model and sentence in the view it talks about</source>
        <translation>在本课讲到的视图中打开本课的模型和句子</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Run the experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>Train this lesson&apos;s models in the background (a few minutes), then draw the result beside what the literature reports</source>
        <translation>在后台训练本课的模型（几分钟），然后把结果画在文献结论旁边</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Read the answer from the model&apos;s translation</source>
        <translation>从模型的译文中读出答案</translation>
    </message>
    <message>
        <source>Press Show me first: the answer is read from the model&apos;s own translation</source>
        <translation>请先按“演示给我看”：答案是从模型自己的译文中读出的</translation>
    </message>
    <message>
        <source>This lesson needs the bundled model {name}, which is not installed.</source>
        <translation>本课需要内置模型 {name}，但它没有安装。</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Translating the lesson&apos;s sentence…</source>
        <translation>正在翻译本课的句子…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Press &lt;b&gt;Run the experiment&lt;/b&gt;: it trains this lesson&apos;s models in the background (a few minutes; pause and stop as in the Train tab), then draws the result here, beside what the literature reports.&lt;/p&gt;</source>
        <translation>&lt;p&gt;按&lt;b&gt;运行实验&lt;/b&gt;：它在后台训练本课的模型（几分钟；可像“训练”页一样暂停和停止），然后把结果画在这里，旁边是文献的结论。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Another lesson&apos;s experiment is running</source>
        <translation>另一课的实验正在运行</translation>
    </message>
    <message>
        <source>run {index} of {count}: {label}</source>
        <translation>第 {index}/{count} 次训练：{label}</translation>
    </message>
    <message>
        <source>{where} · step {step} · loss {loss:.2f}</source>
        <translation>{where} · 第 {step} 步 · 损失 {loss:.2f}</translation>
    </message>
    <message>
        <source>{where} · preparing</source>
        <translation>{where} · 准备中</translation>
    </message>
    <message>
        <source>measuring: {what}</source>
        <translation>测量：{what}</translation>
    </message>
    <message>
        <source>stopped: nothing was measured</source>
        <translation>已停止：未做测量</translation>
    </message>
    <message>
        <source>done in {minutes}:{seconds:02d}</source>
        <translation>用时 {minutes}:{seconds:02d} 完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b00020&apos;&gt;The experiment stopped: {message}&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#b00020&apos;&gt;实验中止：{message}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Simplified (as the model writes it)</source>
        <translation>简体（模型写出的原样）</translation>
    </message>
    <message>
        <source>Traditional, Taiwan standard</source>
        <translation>繁体，台湾标准</translation>
    </message>
    <message>
        <source>Traditional, Hong Kong standard</source>
        <translation>繁体，香港标准</translation>
    </message>
    <message>
        <source>The reference RNN for real sentences (bi-GRU 256, additive (Bahdanau) attention, input feeding, 4000 pieces per language): the benchmarks compare against it</source>
        <translation>面向真实句子的参考 RNN（双向 GRU 256、加性（Bahdanau）注意力、输入馈送、每种语言 4000 个词片）：基准测试以它为对照</translation>
    </message>
    <message>
        <source>ref with the Luong decoder (no input feeding): trains faster, all steps at once</source>
        <translation>换用 Luong 解码器（无输入馈送）的 ref：所有步一次算完，训练更快</translation>
    </message>
    <message>
        <source>The bundled models&apos; set-up: a small bi-GRU with additive (Bahdanau) attention, fast on the built-in phrase corpora</source>
        <translation>内置模型的设置：带加性（Bahdanau）注意力的小型双向 GRU，在内置短语语料上训练很快</translation>
    </message>
    <message>
        <source>A very small RNN that trains in seconds: for trying things out</source>
        <translation>几秒即可训练完的极小 RNN：用来动手试验</translation>
    </message>
    <message>
        <source>A Transformer to set beside ref (same pieces): 2+2 layers, 4 heads, d_model 256, learning rate warmed up over 1,000 steps</source>
        <translation>与 ref 对照的 Transformer（相同词片）：2+2 层、4 个头、d_model 256，学习率在 1,000 步内预热</translation>
    </message>
    <message>
        <source>A very small Transformer that trains in seconds: 1+1 layers, 2 heads, d_model 32</source>
        <translation>几秒即可训练完的极小 Transformer：1+1 层、2 个头、d_model 32</translation>
    </message>
    <message>
        <source>, batch {batch}, lr {lr}</source>
        <translation>，批大小 {batch}，学习率 {lr}</translation>
    </message>
    <message>
        <source>bi-{cell}</source>
        <translation>双向 {cell}</translation>
    </message>
    <message>
        <source>{encoder} ×{layers}, attention: {attention}, decoder: {decoder}</source>
        <translation>{encoder} ×{layers}，注意力：{attention}，解码器：{decoder}</translation>
    </message>
    <message>
        <source>{encoder} {hidden}{layers}, {attention}, {decoder}</source>
        <translation>{encoder} {hidden}{layers}，{attention}，{decoder}</translation>
    </message>
    <message>
        <source>{settings}, feed-forward {ff}, {norm}, {positions} positions</source>
        <translation>{settings}，前馈 {ff}，{norm}，位置编码：{positions}</translation>
    </message>
    <message>
        <source>Transformer {encoder}+{decoder} layers, {heads} heads, d_model {width}</source>
        <translation>Transformer {encoder}+{decoder} 层，{heads} 个头，d_model {width}</translation>
    </message>
    <message>
        <source>No signal could be scored: no gold-aligned word was found.</source>
        <translation>没有信号可以打分：没有找到带标准对齐的词。</translation>
    </message>
    <message>
        <source>at the output step</source>
        <translation>在输出这一步</translation>
    </message>
    <message>
        <source>shifted by one step</source>
        <translation>错后一步</translation>
    </message>
    <message>
        <source>alignment error rate (AER): lower is better</source>
        <translation>对齐错误率（AER）：越低越好</translation>
    </message>
    <message>
        <source>{sentences} gold-aligned sentences · best: {signal} ({aer:.1%})</source>
        <translation>{sentences} 个带标准对齐的句子 · 最佳：{signal}（{aer:.1%}）</translation>
    </message>
    <message>
        <source>{words} words
({count} sentences)</source>
        <translation>{words} 词
（{count} 句）</translation>
    </message>
    <message>
        <source>source sentence length</source>
        <translation>源句长度</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>BLEU by source length, the same data and steps</source>
        <translation>按源句长度的 BLEU（相同数据、相同步数）</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>First step where free running leaves
the reference (mean of {count} sentences)</source>
        <translation>自由运行首次偏离参考译文的步
（{count} 句的平均）</translation>
    </message>
    <message>
        <source>training time (s)</source>
        <translation>训练时间（秒）</translation>
    </message>
    <message>
        <source>Dev BLEU while training</source>
        <translation>训练过程中的开发集 BLEU</translation>
    </message>
    <message>
        <source>step {step:.1f}
BLEU {bleu:.1f}</source>
        <translation>第 {step:.1f} 步
BLEU {bleu:.1f}</translation>
    </message>
    <message>
        <source>step (mean)</source>
        <translation>步（平均）</translation>
    </message>
    <message>
        <source>no length penalty</source>
        <translation>无长度惩罚</translation>
    </message>
    <message>
        <source>length penalty {alpha:g}</source>
        <translation>长度惩罚 {alpha:g}</translation>
    </message>
    <message>
        <source>references</source>
        <translation>参考译文</translation>
    </message>
    <message>
        <source>BLEU by beam size</source>
        <translation>不同束宽的 BLEU</translation>
    </message>
    <message>
        <source>Output length by beam size</source>
        <translation>不同束宽的输出长度</translation>
    </message>
    <message>
        <source>words per sentence</source>
        <translation>每句词数</translation>
    </message>
    <message>
        <source>beam size</source>
        <translation>束宽</translation>
    </message>
    <message>
        <source>{label} (test BLEU {bleu:.1f})</source>
        <translation>{label}（测试 BLEU {bleu:.1f}）</translation>
    </message>
    <message>
        <source>Dev BLEU against training time, the same steps</source>
        <translation>开发集 BLEU 随训练时间变化（相同步数）</translation>
    </message>
    <message>
        <source>Pick an alternative: the words that pushed towards each appear here.</source>
        <translation>选择一个备选：把选择推向各方的词会显示在这里。</translation>
    </message>
    <message>
        <source>← towards &apos;{rival}&apos;   ·   towards &apos;{chosen}&apos; →</source>
        <translation>← 推向 &apos;{rival}&apos;   ·   推向 &apos;{chosen}&apos; →</translation>
    </message>
    <message>
        <source>Why &apos;{chosen}&apos; rather than &apos;{rival}&apos;?</source>
        <translation>为什么是 &apos;{chosen}&apos; 而不是 &apos;{rival}&apos;？</translation>
    </message>
    <message>
        <source>Another candidate of this step: what made the model prefer its choice?</source>
        <translation>这一步的另一个候选：是什么让模型更喜欢它的选择？</translation>
    </message>
    <message>
        <source>How the difference is attributed to the words</source>
        <translation>怎样把这个差值归因到各个词</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Attribute log P(chosen) − log P(alternative) to the source and prefix words</source>
        <translation>把 log P(所选) − log P(备选) 归因到源词和前缀词</translation>
    </message>
    <message>
        <source>Blue: source words; orange (↳): the output before this step.</source>
        <translation>蓝色：源词；橙色（↳）：这一步之前的输出。</translation>
    </message>
    <message>
        <source>Rather than</source>
        <translation>而不是</translation>
    </message>
    <message>
        <source>log P(&apos;{chosen}&apos;) − log P(&apos;{rival}&apos;) = {difference:.2f}. Blue: source words; orange (↳): the output before this step. {method}, each bar a share of the total.</source>
        <translation>log P(&apos;{chosen}&apos;) − log P(&apos;{rival}&apos;) = {difference:.2f}。蓝色：源词；橙色（↳）：这一步之前的输出。{method}，每根条是总量中的一份。</translation>
    </message>
    <message>
        <source>Data: {data}.</source>
        <translation>数据：{data}。</translation>
    </message>
    <message>
        <source>Steps trained in the budget: {runs}.</source>
        <translation>预算内训练的步数：{runs}。</translation>
    </message>
    <message>
        <source>Data: {data}, {count} training pairs.</source>
        <translation>数据：{data}，{count} 个训练句对。</translation>
    </message>
    <message>
        <source>Model: {model}; {count} sentences of the {data} test split, held out.</source>
        <translation>模型：{model}；{data} 测试集中的 {count} 个留出句子。</translation>
    </message>
    <message>
        <source>Both models on “{source}”:</source>
        <translation>两个模型翻译“{source}”：</translation>
    </message>
    <message>
        <source>&amp;nbsp;&amp;nbsp;{label}: “{output}” (mean log P per piece {mean:.2f})</source>
        <translation>&amp;nbsp;&amp;nbsp;{label}：“{output}”（每个词片平均 log P {mean:.2f}）</translation>
    </message>
    <message>
        <source>What the literature reports</source>
        <translation>文献的结论</translation>
    </message>
    <message>
        <source>What this run shows</source>
        <translation>这次运行显示</translation>
    </message>
    <message>
        <source>Take the attention off a source piece</source>
        <translation>把注意力从一个源片段上移开</translation>
    </message>
    <message>
        <source>Its weight becomes 0; the other pieces&apos; weights are scaled up to sum to 1 again</source>
        <translation>它的权重变为 0；其余片段的权重按比例放大，使总和重新为 1</translation>
    </message>
    <message>
        <source>Put all the attention on a source piece</source>
        <translation>把全部注意力放到一个源片段上</translation>
    </message>
    <message>
        <source>Its weight becomes 1, every other 0</source>
        <translation>它的权重变为 1，其余全为 0</translation>
    </message>
    <message>
        <source>Switch off a head</source>
        <translation>关闭一个头</translation>
    </message>
    <message>
        <source>The head&apos;s weights become 0, so it adds nothing to its layer&apos;s output</source>
        <translation>这个头的权重变为 0，因此它对所在层的输出没有任何贡献</translation>
    </message>
    <message>
        <source>Change the attention at this step and decode again from here: does the output change, and how much less sure is the model?</source>
        <translation>改变这一步的注意力并从这里重新解码：输出会变吗？模型的把握降低了多少？</translation>
    </message>
    <message>
        <source>The source piece whose attention changes</source>
        <translation>注意力被改变的源片段</translation>
    </message>
    <message>
        <source>The decoder layer of the head (1 is the lowest)</source>
        <translation>这个头所在的解码器层（1 是最低层）</translation>
    </message>
    <message>
        <source>Which head of that layer</source>
        <translation>这一层的哪个头</translation>
    </message>
    <message>
        <source>This step only</source>
        <translation>只在这一步</translation>
    </message>
    <message>
        <source>Change the attention at this step alone; the steps after look as they like</source>
        <translation>只改变这一步的注意力；之后的步骤照常自由关注</translation>
    </message>
    <message>
        <source>Decode again</source>
        <translation>重新解码</translation>
    </message>
    <message>
        <source>Decode from this step with the attention changed</source>
        <translation>在注意力被改变的情况下从这一步解码</translation>
    </message>
    <message>
        <source>The attention of the changed decoding appears here.</source>
        <translation>改变后的解码的注意力显示在这里。</translation>
    </message>
    <message>
        <source>Piece</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Decoding again from step {index}…</source>
        <translation>正在从第 {index} 步重新解码…</translation>
    </message>
    <message>
        <source>head {head} of layer {layer} switched off</source>
        <translation>关闭第 {layer} 层的第 {head} 个头</translation>
    </message>
    <message>
        <source>all the attention on &apos;{piece}&apos;</source>
        <translation>全部注意力放在 &apos;{piece}&apos; 上</translation>
    </message>
    <message>
        <source>no attention on &apos;{piece}&apos;</source>
        <translation>不关注 &apos;{piece}&apos;</translation>
    </message>
    <message>
        <source>at step {index} only</source>
        <translation>只在第 {index} 步</translation>
    </message>
    <message>
        <source>from step {index} on</source>
        <translation>从第 {index} 步起</translation>
    </message>
    <message>
        <source>the same output</source>
        <translation>输出相同</translation>
    </message>
    <message>
        <source>the output changes at step {index}</source>
        <translation>输出在第 {index} 步发生变化</translation>
    </message>
    <message>
        <source>&lt;b&gt;Before:&lt;/b&gt; {before}&lt;br&gt;&lt;b&gt;With {change} ({where}):&lt;/b&gt; {after}&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;{same} · log P {after_log_prob:.2f} (was {before_log_prob:.2f}, change {change_log_prob:+.2f}) · log P of &apos;{piece}&apos; at step {index}: {piece_after:.2f} (was {piece_before:.2f})&lt;/span&gt;</source>
        <translation>&lt;b&gt;之前：&lt;/b&gt;{before}&lt;br&gt;&lt;b&gt;{change}（{where}）：&lt;/b&gt;{after}&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;{same} · log P {after_log_prob:.2f}（原为 {before_log_prob:.2f}，变化 {change_log_prob:+.2f}）· 第 {index} 步 &apos;{piece}&apos; 的 log P：{piece_after:.2f}（原为 {piece_before:.2f}）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Attention with the change</source>
        <translation>改变后的注意力</translation>
    </message>
    <message>
        <source>built-in corpus</source>
        <translation>内置语料库</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gold alignment&lt;/b&gt; ({origin})</source>
        <translation>&lt;b&gt;标准对齐&lt;/b&gt;（{origin}）</translation>
    </message>
    <message>
        <source>the output is not its target &apos;{target}&apos;, so its links are not drawn and there is no AER to give: they link the words of that target.</source>
        <translation>输出不是它的目标“{target}”，所以不画出链接，也无法给出 AER：这些链接连接的是那个目标的词。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{colour}&apos;&gt;━&lt;/span&gt; sure link ({sure}) · &lt;span style=&apos;color:{colour}&apos;&gt;╌&lt;/span&gt; possible link ({possible})</source>
        <translation>&lt;span style=&apos;color:{colour}&apos;&gt;━&lt;/span&gt; 确定链接（{sure}）· &lt;span style=&apos;color:{colour}&apos;&gt;╌&lt;/span&gt; 可能链接（{possible}）</translation>
    </message>
    <message>
        <source>AER {aer:.2f} (precision {precision:.2f}, recall {recall:.2f}, {words} words scored): each gold target word linked to the source word it weighs most; 0 when every link falls on gold</source>
        <translation>AER {aer:.2f}（精确率 {precision:.2f}，召回率 {recall:.2f}，评分 {words} 个词）：每个标准目标词链接到它权重最大的源语言词；所有链接都落在标准对齐上时为 0</translation>
    </message>
    <message>
        <source>Gold alignments…</source>
        <translation>标准对齐…</translation>
    </message>
    <message>
        <source>Draw the gold word alignments of a Pharaoh file (i-j sure, i?j possible, words counted from 0) over the heatmap, for the sentences of its pair file (corpus.tsv beside corpus.tsv.align)</source>
        <translation>在热图上画出 Pharaoh 文件中的标准词对齐（i-j 为确定，i?j 为可能，词从 0 开始计数），适用于其句对文件中的句子（corpus.tsv.align 旁边的 corpus.tsv）</translation>
    </message>
    <message>
        <source>Open gold alignments (Pharaoh format)</source>
        <translation>打开标准对齐（Pharaoh 格式）</translation>
    </message>
    <message>
        <source>Pharaoh alignments (*.align *.pharaoh);;All files (*)</source>
        <translation>Pharaoh 对齐文件 (*.align *.pharaoh);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open the sentence pairs these alignments are for</source>
        <translation>打开这些对齐所对应的句对文件</translation>
    </message>
    <message>
        <source>Sentence pairs, source&lt;TAB&gt;target (*.tsv *.txt);;All files (*)</source>
        <translation>句对，源语言&lt;TAB&gt;目标语言 (*.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Gold alignments</source>
        <translation>标准对齐</translation>
    </message>
    <message>
        <source>Could not read the gold alignments: {error}</source>
        <translation>无法读取标准对齐：{error}</translation>
    </message>
    <message>
        <source>{count} gold alignments read. None is for the sentence shown: translate one of the file&apos;s sources to see its links.</source>
        <translation>已读取 {count} 条标准对齐。没有一条对应当前显示的句子：翻译文件中的某个源句即可看到它的链接。</translation>
    </message>
    <message>
        <source>Koehn and Knowles (2017), figure 10: BLEU rises from greedy search to a beam of about 4 or 5, then falls as the beam grows, because a wider search finds shorter translations (every extra word lowers the probability). A length penalty (Wu et al. 2016) keeps the output&apos;s length, and most of the fall goes away.</source>
        <translation>Koehn 和 Knowles（2017）图 10：BLEU 从贪心搜索到束宽 4 或 5 左右时上升，束宽再大则下降，因为更宽的搜索会找到更短的译文（每多一个词概率就更低）。加上长度惩罚（Wu 等，2016）后输出保持应有的长度，下降大多消失。</translation>
    </message>
    <message>
        <source>decoding with each beam size</source>
        <translation>用各个束宽解码</translation>
    </message>
    <message>
        <source>As the literature says: without a length penalty the outputs shorten as the beam grows ({greedy_length:.2f} words a sentence greedy, {wide_length:.2f} at beam {wide}; the references have {reference_length:.2f}), and BLEU peaks at beam {best_beam} ({best_bleu:.1f}, greedy {greedy_bleu:.1f}, beam {wide} {wide_bleu:.1f}). With the penalty, beam {wide} writes {penalised_length:.2f} words and scores {wide_penalised_bleu:.1f}.</source>
        <translation>与文献一致：没有长度惩罚时，束越宽输出越短（贪心每句 {greedy_length:.2f} 词，束宽 {wide} 时 {wide_length:.2f} 词；参考译文 {reference_length:.2f} 词），BLEU 在束宽 {best_beam} 时最高（{best_bleu:.1f}；贪心 {greedy_bleu:.1f}，束宽 {wide} 为 {wide_bleu:.1f}）。加上惩罚后，束宽 {wide} 每句写 {penalised_length:.2f} 词，得分 {wide_penalised_bleu:.1f}。</translation>
    </message>
    <message>
        <source>The outputs do not shorten here as the beam grows ({greedy_length:.2f} words a sentence greedy, {wide_length:.2f} at beam {wide} without a penalty, {penalised_length:.2f} with it; the references have {reference_length:.2f}): these sentences are short, and a beam of {wide} finds little that greedy search missed. BLEU: greedy {greedy_bleu:.1f}, best beam {best_beam} ({best_bleu:.1f}), beam {wide} {wide_bleu:.1f} without the penalty and {wide_penalised_bleu:.1f} with it.</source>
        <translation>这里束宽增大时输出并没有变短（贪心每句 {greedy_length:.2f} 词，束宽 {wide} 无惩罚时 {wide_length:.2f} 词，有惩罚时 {penalised_length:.2f} 词；参考译文 {reference_length:.2f} 词）：这些句子很短，束宽 {wide} 几乎找不到贪心搜索错过的译文。BLEU：贪心 {greedy_bleu:.1f}，最佳束宽 {best_beam}（{best_bleu:.1f}），束宽 {wide} 无惩罚 {wide_bleu:.1f}、有惩罚 {wide_penalised_bleu:.1f}。</translation>
    </message>
    <message>
        <source>additive attention</source>
        <translation>加性注意力</translation>
    </message>
    <message>
        <source>Bahdanau et al. (2015), figure 2: without attention (RNNencdec) BLEU falls steadily as sentences get longer, since the whole source must pass through one fixed-size vector; with attention (RNNsearch) it holds up to much longer sentences. The gap between the two widens with length.</source>
        <translation>Bahdanau 等（2015）图 2：没有注意力时（RNNencdec），句子越长 BLEU 越低，因为整个源句必须挤过一个固定大小的向量；有注意力时（RNNsearch），更长的句子也能保持。两者的差距随长度扩大。</translation>
    </message>
    <message>
        <source>translating the test sentences</source>
        <translation>翻译测试句子</translation>
    </message>
    <message>
        <source>Without attention the model learnt too little in this budget (BLEU {plain:.1f}, against {attended:.1f} with attention) for its curve to have a shape: attention&apos;s first gift here is learning faster.</source>
        <translation>在这个预算内，没有注意力的模型学到的太少（BLEU {plain:.1f}，有注意力的为 {attended:.1f}），它的曲线还谈不上形状：在这里注意力的第一个好处是学得更快。</translation>
    </message>
    <message>
        <source>Too few sentence lengths have enough test sentences to draw a trend (at least {least} in a bucket).</source>
        <translation>有足够测试句子（每组至少 {least} 句）的长度组太少，画不出趋势。</translation>
    </message>
    <message>
        <source>The bottleneck shows: without attention BLEU goes from {plain_short:.1f} ({short} words) to {plain_long:.1f} ({long} words), with attention from {attended_short:.1f} to {attended_long:.1f}. The model without attention keeps {ratio_short:.0f}% of the attentive model&apos;s BLEU on short sentences but only {ratio_long:.0f}% on long ones.</source>
        <translation>瓶颈出现了：没有注意力时 BLEU 从 {plain_short:.1f}（{short} 词）变为 {plain_long:.1f}（{long} 词），有注意力时从 {attended_short:.1f} 变为 {attended_long:.1f}。没有注意力的模型在短句上达到有注意力模型 BLEU 的 {ratio_short:.0f}%，在长句上只有 {ratio_long:.0f}%。</translation>
    </message>
    <message>
        <source>The bottleneck does not show at this budget: without attention BLEU goes from {plain_short:.1f} ({short} words) to {plain_long:.1f} ({long} words), with attention from {attended_short:.1f} to {attended_long:.1f}; the model without attention keeps {ratio_short:.0f}% of the attentive model&apos;s BLEU on short sentences and {ratio_long:.0f}% on long ones, so the gap does not widen with length.</source>
        <translation>在这个预算下瓶颈没有出现：没有注意力时 BLEU 从 {plain_short:.1f}（{short} 词）变为 {plain_long:.1f}（{long} 词），有注意力时从 {attended_short:.1f} 变为 {attended_long:.1f}；没有注意力的模型在短句上达到有注意力模型 BLEU 的 {ratio_short:.0f}%，在长句上为 {ratio_long:.0f}%，差距并没有随长度扩大。</translation>
    </message>
    <message>
        <source>The bottleneck</source>
        <translation>瓶颈</translation>
    </message>
    <message>
        <source>no attention (one context vector)</source>
        <translation>无注意力（一个上下文向量）</translation>
    </message>
    <message>
        <source>Vaswani et al. (2017): the Transformer beat recurrent models&apos; BLEU at a fraction of their training cost, on 8 GPUs, with large batches and hours of training. On a CPU for a minute it is not a given: a Transformer needs a learning-rate warm-up and many steps, and small ones are known to start slowly (Popel and Bojar 2018); the RNN&apos;s recurrence is a useful prior on short sentences.</source>
        <translation>Vaswani 等（2017）：Transformer 以循环模型训练成本的一小部分超过了它们的 BLEU——用的是 8 块 GPU、大批量和数小时的训练。在 CPU 上训练一分钟则未必如此：Transformer 需要学习率预热和大量步数，小型 Transformer 起步慢也是已知的（Popel 和 Bojar，2018）；对短句而言，RNN 的循环结构是有用的先验。</translation>
    </message>
    <message>
        <source>comparing the two models on one sentence</source>
        <translation>在一个句子上比较两个模型</translation>
    </message>
    <message>
        <source>On the same budget the two end level: test BLEU {rnn_bleu:.1f} for the RNN ({rnn_steps} steps in {rnn_seconds:.0f} s) and {transformer_bleu:.1f} for the Transformer ({transformer_steps} steps in {transformer_seconds:.0f} s), less than {close:.0f} apart; on the dev phrases at the end, {rnn_dev:.1f} and {transformer_dev:.1f}. The curves show who led on the way.</source>
        <translation>相同预算下两者最终打成平手：RNN 测试 BLEU {rnn_bleu:.1f}（{rnn_seconds:.0f} 秒 {rnn_steps} 步），Transformer {transformer_bleu:.1f}（{transformer_seconds:.0f} 秒 {transformer_steps} 步），相差不到 {close:.0f}；最后在开发集短语上分别为 {rnn_dev:.1f} 和 {transformer_dev:.1f}。曲线显示一路上谁领先。</translation>
    </message>
    <message>
        <source>On the same budget the Transformer is ahead: test BLEU {transformer_bleu:.1f} against the RNN&apos;s {rnn_bleu:.1f}, after {transformer_steps} steps in {transformer_seconds:.0f} s against {rnn_steps} steps in {rnn_seconds:.0f} s.</source>
        <translation>相同预算下 Transformer 领先：测试 BLEU {transformer_bleu:.1f}，RNN 为 {rnn_bleu:.1f}；Transformer 用 {transformer_seconds:.0f} 秒走了 {transformer_steps} 步，RNN 用 {rnn_seconds:.0f} 秒走了 {rnn_steps} 步。</translation>
    </message>
    <message>
        <source>On the same budget the RNN is ahead: test BLEU {rnn_bleu:.1f} against the Transformer&apos;s {transformer_bleu:.1f}, after {rnn_steps} steps in {rnn_seconds:.0f} s against {transformer_steps} steps in {transformer_seconds:.0f} s. The Transformer&apos;s advantage needs more steps and a larger machine than this budget gives it.</source>
        <translation>相同预算下 RNN 领先：测试 BLEU {rnn_bleu:.1f}，Transformer 为 {transformer_bleu:.1f}；RNN 用 {rnn_seconds:.0f} 秒走了 {rnn_steps} 步，Transformer 用 {transformer_seconds:.0f} 秒走了 {transformer_steps} 步。Transformer 的优势需要比这个预算更多的步数和更强的机器。</translation>
    </message>
    <message>
        <source>RNN against Transformer</source>
        <translation>RNN 与 Transformer 对比</translation>
    </message>
    <message>
        <source>RNN with additive attention</source>
        <translation>带加性注意力的 RNN</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>Bengio et al. (2015), scheduled sampling: a model trained only on reference prefixes (ratio 1.0) meets its own mistakes first when it translates (exposure bias). Feeding it its own guesses during training made its output stay with the reference longer and raised BLEU a little, after long training and with the ratio lowered slowly. Early in training a fixed ratio of 0.5 feeds it guesses that are still mostly wrong.</source>
        <translation>Bengio 等（2015），计划采样：只用参考前缀训练的模型（比例 1.0）到翻译时才第一次遇到自己的错误（曝光偏差）。训练时喂给它自己的猜测，能让输出更久地跟住参考译文，BLEU 也略有提高——这是在长时间训练、比例缓慢降低的条件下。训练初期固定用 0.5，喂给它的猜测大多还是错的。</translation>
    </message>
    <message>
        <source>comparing free running with the reference</source>
        <translation>比较自由运行与参考译文</translation>
    </message>
    <message>
        <source>Trained at 0.5, free running stays with the reference longer: it parts at step {first_half:.1f} on average, against {first_full:.1f} for the model always fed the reference (BLEU {bleu_half:.1f} against {bleu_full:.1f}).</source>
        <translation>用 0.5 训练的模型自由运行时跟住参考译文更久：平均在第 {first_half:.1f} 步偏离，而始终喂参考译文的模型在第 {first_full:.1f} 步（BLEU {bleu_half:.1f} 对 {bleu_full:.1f}）。</translation>
    </message>
    <message>
        <source>At this budget the model trained at 0.5 does not stay with the reference longer: it parts at step {first_half:.1f} on average, against {first_full:.1f} for the model always fed the reference (BLEU {bleu_half:.1f} against {bleu_full:.1f}). Fed its own wrong guesses half the time, it learnt less in the same steps, and that outweighs exposure bias this early.</source>
        <translation>在这个预算下，用 0.5 训练的模型并没有更久地跟住参考译文：它平均在第 {first_half:.1f} 步偏离，始终喂参考译文的模型在第 {first_full:.1f} 步（BLEU {bleu_half:.1f} 对 {bleu_full:.1f}）。它有一半时间被喂自己错误的猜测，同样的步数里学到的更少；在训练这么早的阶段，这比曝光偏差更重要。</translation>
    </message>
    <message>
        <source>At this budget the model trained at 0.5 does not stay with the reference longer: it parts at step {first_half:.1f} on average, against {first_full:.1f} for the model always fed the reference, though its BLEU is {bleu_half:.1f} against {bleu_full:.1f}: its mistakes are not fewer, only different.</source>
        <translation>在这个预算下，用 0.5 训练的模型并没有更久地跟住参考译文：它平均在第 {first_half:.1f} 步偏离，始终喂参考译文的模型在第 {first_full:.1f} 步，尽管它的 BLEU 为 {bleu_half:.1f} 对 {bleu_full:.1f}：它的错误并没有更少，只是不同。</translation>
    </message>
    <message>
        <source>teacher forcing 1.0</source>
        <translation>教师强制 1.0</translation>
    </message>
    <message>
        <source>teacher forcing 0.5</source>
        <translation>教师强制 0.5</translation>
    </message>
</context>
</TS>
